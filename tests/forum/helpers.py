"""Helpers shared by this app's test modules (a test module never imports another)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from coplan.accounts.models import Organisation
from coplan.forum import services
from coplan.forum.models import MeetingStatus, Sector

DAY = datetime.date(2017, 10, 2)


def _org(slug, kind):
    return Organisation.objects.create(slug=slug, name_en=slug, name_fr=slug, kind=kind)


def _member(forum, name, sector=Sector.GOVERNMENT, n=0):
    organisation = _org(f"org-{name}-{n}", "department")
    return services.member_add(
        forum=forum,
        name=name,
        organisation=organisation,
        sector=sector,
        role="member",
        term_start=DAY,
    )


def _meeting(forum, days_ago=30, publish=True):
    meeting = services.meeting_create(
        forum=forum,
        held_at=timezone.now() - datetime.timedelta(days=days_ago),
        title_en="Meeting",
        title_fr="Réunion",
        agenda_en="Agenda.",
        agenda_fr="Ordre du jour.",
        minutes_en="We met.",
        minutes_fr="Nous nous sommes réunis.",
        decisions_en="We decided.",
        decisions_fr="Nous avons décidé.",
    )
    if publish:
        services.meeting_set_status(meeting=meeting, status=MeetingStatus.AGENDA_PUBLISHED)
        services.meeting_set_status(meeting=meeting, status=MeetingStatus.MINUTES_PUBLISHED)
    return meeting

"""Helpers shared by this app's test modules (a test module never imports another)."""

from __future__ import annotations

import datetime
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from coplan.accounts.models import Organisation
from coplan.forum import services
from coplan.forum.models import Evidence, MeetingStatus, Sector
from tests.accounts.factories import UserFactory, staff_with_role

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


def _login(client, role):
    if role == "participant":
        client.force_login(UserFactory())
    elif role:
        client.force_login(staff_with_role(role))


def _check(response, expected):
    assert response.status_code == expected
    if expected == 302:
        assert "/account/sign-in/" in response["Location"]


def _evidence_with_file(process, by) -> Evidence:
    return services.evidence_add(
        process=process,
        requirement="3.2",
        description_en="Radio interview transcript.",
        description_fr="Transcription de l’entrevue.",
        by=by,
        upload=SimpleUploadedFile("transcript.pdf", b"%PDF-1.7\nradio"),
    )


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()

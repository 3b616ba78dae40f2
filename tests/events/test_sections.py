"""The blocks the events app adds to the process page (events.sections): the next sessions,
the invitation to propose one while proposals are taken, and to volunteer while it runs."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from coplan.events.sections import (
    SECTION_SIZE,
    process_propose_session,
    process_upcoming_sessions,
    process_volunteer,
)
from tests.events.factories import EventFactory
from tests.processes.factories import OpportunityFactory

pytestmark = pytest.mark.django_db


def _sessions(process, status: str = "open"):
    phase = process.phases.get(kind="development")
    return OpportunityFactory(phase=phase, kind="sessions", status=status, slug="sessions")


def test_the_next_sessions_of_the_process_and_whether_there_are_more(process):
    assert process_upcoming_sessions(process) is None
    opportunity = _sessions(process)
    now = timezone.now()
    EventFactory(
        opportunity=opportunity,
        starts_at=now - datetime.timedelta(days=3),
        ends_at=now - datetime.timedelta(days=3, hours=-1),
    )
    assert process_upcoming_sessions(process) is None
    upcoming = [
        EventFactory(opportunity=opportunity, starts_at=now + datetime.timedelta(days=n))
        for n in range(1, SECTION_SIZE + 1)
    ]
    context = process_upcoming_sessions(process)
    assert context == {"events": upcoming, "more": False, "process": process}
    EventFactory(opportunity=opportunity, starts_at=now + datetime.timedelta(days=30))
    context = process_upcoming_sessions(process)
    assert context["events"] == upcoming and context["more"] is True


def test_proposals_are_invited_only_while_a_sessions_opportunity_is_open(process):
    assert process_propose_session(process) is None
    opportunity = _sessions(process, status="announced")
    assert process_propose_session(process) is None
    opportunity.status = "open"
    opportunity.save()
    assert process_propose_session(process) == {"process": process}


def test_volunteers_are_invited_until_the_process_is_completed(process):
    assert process_volunteer(process) == {"process": process}
    process.completed_on = datetime.date(2020, 1, 31)
    assert process_volunteer(process) is None

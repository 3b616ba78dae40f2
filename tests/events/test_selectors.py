"""Reads of the session pages (events.selectors): counts by status, a person's place in line,
and which sessions the public may see."""

from __future__ import annotations

import datetime

import pytest
from django.http import Http404
from django.utils import timezone

from coplan.contributions.models import ModerationState
from coplan.events import services
from coplan.events.models import Registration
from coplan.events.selectors import (
    event_for_page,
    events_for_calendar,
    events_for_process,
    events_with_counts,
    registration_counts,
    waitlist_position,
)
from tests.contributions.factories import ContributionFactory
from tests.events.factories import EventFactory
from tests.events.helpers import register

pytestmark = pytest.mark.django_db


def test_counts_by_status_and_places_in_line():
    event = EventFactory(capacity=1)
    seated = register(event, 1)
    first, second, third = (register(event, n) for n in (2, 3, 4))
    assert [waitlist_position(r) for r in (seated, first, second, third)] == [None, 1, 2, 3]
    services.registration_cancel(registration=first)
    second.refresh_from_db()
    third.refresh_from_db()
    assert waitlist_position(second) == 1 and waitlist_position(third) == 2
    Registration.objects.filter(pk=seated.pk).update(attended=True)
    Registration.objects.filter(pk=first.pk).update(attended=True)
    assert registration_counts(event) == {
        "confirmed": 1,
        "waitlisted": 2,
        "cancelled": 1,
        # A cancelled registration marked present by mistake does not count as attending.
        "attended": 1,
    }
    assert events_with_counts().get(pk=event.pk).waitlisted == 2


def test_people_registered_at_the_same_instant_are_in_line_by_their_order():
    event = EventFactory(capacity=0)
    first, second = register(event, 1), register(event, 2)
    Registration.objects.filter(pk__in=[first.pk, second.pk]).update(created_at=timezone.now())
    first.refresh_from_db()
    second.refresh_from_db()
    assert (waitlist_position(first), waitlist_position(second)) == (1, 2)


def test_an_unpublished_proposal_is_no_public_session(open_ideas):
    proposal = ContributionFactory(opportunity=open_ideas, moderation_state=ModerationState.PENDING)
    proposed = EventFactory(proposal=proposal)
    team = EventFactory(opportunity=proposed.opportunity)
    with pytest.raises(Http404):
        event_for_page(proposed.pk)
    assert event_for_page(proposed.pk, include_unlisted=True) == proposed
    assert event_for_page(team.pk) == team
    process_id = proposed.opportunity.phase.process_id
    assert list(events_for_process(process_id)) == [team]
    assert list(events_for_calendar()) == [team]
    proposal.moderation_state = ModerationState.PUBLISHED
    proposal.save()
    assert set(events_for_process(process_id)) == {team, proposed}


def test_the_calendar_separates_upcoming_and_past_and_filters():
    now = timezone.now()
    online = EventFactory(format="online", province="")
    halifax = EventFactory(starts_at=now + datetime.timedelta(days=2))
    past = EventFactory(
        starts_at=now - datetime.timedelta(days=2),
        ends_at=now - datetime.timedelta(days=2, hours=-1),
    )
    assert list(events_for_calendar()) == [halifax, online]
    assert list(events_for_calendar(when="past")) == [past]
    assert list(events_for_calendar(format="online")) == [online]
    assert list(events_for_calendar(province="NS")) == [halifax]
    assert list(events_for_calendar(opportunity=online.opportunity_id)) == [online]

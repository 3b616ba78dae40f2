"""Staff create and change sessions (events.building): saved whole, the seats taken never written
from a form, the capacity changed through the registration service, and a refused change stores
nothing."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from coplan.events.building import event_save
from coplan.events.models import Event
from tests.events.factories import EventFactory
from tests.events.helpers import register
from tests.processes.factories import OpportunityFactory

pytestmark = pytest.mark.django_db


def _data(**changes) -> dict:
    start = timezone.now() + datetime.timedelta(days=10)
    return {
        "opportunity": OpportunityFactory(kind="sessions"),
        "title_en": "Open data clinic",
        "title_fr": "Clinique des données ouvertes",
        "description_en": "Bring your questions about open data.",
        "description_fr": "Apportez vos questions sur les données ouvertes.",
        "starts_at": start,
        "ends_at": start + datetime.timedelta(hours=2),
        "time_zone": "America/Halifax",
        "format": "online",
        "online_url": "https://meet.example.org/open-data",
        "capacity": 20,
        **changes,
    }


def test_a_new_session_is_checked_then_saved():
    event = event_save(data=_data())
    assert Event.objects.get(pk=event.pk).title_fr == "Clinique des données ouvertes"
    with pytest.raises(ValidationError):
        event_save(data=_data(title_en="Backwards", ends_at=timezone.now()))
    assert not Event.objects.filter(title_en="Backwards").exists()


def test_more_seats_promote_the_waitlist_and_seats_taken_are_never_written():
    event = EventFactory(capacity=1)
    register(event, 1)
    waiting = register(event, 2)
    event_save(event=event, data={"capacity": 2, "confirmed_count": 0, "title_en": "Bigger"})
    event.refresh_from_db()
    waiting.refresh_from_db()
    assert (event.capacity, event.confirmed_count, event.title_en) == (2, 2, "Bigger")
    assert waiting.status == "confirmed"


def test_a_capacity_below_the_seats_taken_is_refused_with_the_rest_of_the_change():
    event = EventFactory(capacity=2, title_en="Before")
    register(event, 1)
    register(event, 2)
    with pytest.raises(ValidationError):
        event_save(event=event, data={"capacity": 1, "title_en": "After"})
    event.refresh_from_db()
    assert (event.capacity, event.title_en, event.confirmed_count) == (2, "Before", 2)

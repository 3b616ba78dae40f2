"""Sessions from the back office: created in their own time zone (and announced), changed without
touching the seats taken; a capacity below the confirmed registrations is refused, nothing saved;
more seats promote the waitlist."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest

from coplan.events import services as event_services
from coplan.events.models import Event, Registration
from coplan.notifications.models import Announcement
from tests.events.factories import EventFactory
from tests.processes.factories import OpportunityFactory, ProcessFactory


@pytest.fixture
def staff_client(client, administrator):
    client.force_login(administrator)
    return client


@pytest.fixture
def sessions(db):
    process = ProcessFactory()
    return OpportunityFactory(phase=process.phases.get(kind="development"), kind="sessions")


def _post(opportunity, **overrides) -> dict:
    data = {
        "opportunity": opportunity.pk,
        "title_en": "Halifax round table",
        "title_fr": "Table ronde à Halifax",
        "description_en": "Come and talk.",
        "description_fr": "Venez en parler.",
        "venue_name_en": "Central Library",
        "venue_name_fr": "Bibliothèque centrale",
        "time_zone": "America/Halifax",
        "starts_at": "2030-03-04T18:30",
        "ends_at": "2030-03-04T20:30",
        "format": "in_person",
        "venue_address": "5440 Spring Garden Road",
        "city": "Halifax",
        "province": "NS",
        "host": "team",
        "capacity": "40",
        "registration_open": "on",
    }
    return data | overrides


def test_a_session_is_created_in_its_own_time_zone_and_announced(staff_client, sessions):
    """18:30 entered for Halifax is 18:30 in Halifax; subscribers hear of the new session."""
    slug = sessions.phase.process.slug
    response = staff_client.post(f"/en/staff/processes/{slug}/sessions/new/", _post(sessions))
    event = Event.objects.get(opportunity=sessions)
    assert response["Location"] == f"/en/staff/processes/{slug}/sessions/{event.pk}/"
    local = event.starts_at.astimezone(zoneinfo.ZoneInfo("America/Halifax"))
    assert (local.hour, local.minute) == (18, 30)
    assert Announcement.objects.filter(kind="event_announced").count() == 1
    page = staff_client.get(response["Location"]).content.decode()
    assert 'value="2030-03-04T18:30"' in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"ends_at": "2030-03-04T17:00"}, "The session must end after it starts."),
        ({"city": ""}, "An in-person session needs a city and a province or territory."),
        ({"title_fr": ""}, "Title in French: This field is required."),
    ],
)
def test_a_bad_session_is_refused_and_nothing_is_stored(staff_client, sessions, overrides, message):
    """A 400 with the error summary; no session."""
    slug = sessions.phase.process.slug
    response = staff_client.post(
        f"/en/staff/processes/{slug}/sessions/new/", _post(sessions, **overrides)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Event.objects.exists()


def _register(event, count: int) -> None:
    for number in range(count):
        event_services.registration_create(
            event=event, name=f"Person {number}", email=f"person{number}@example.org"
        )


def test_capacity_below_the_confirmed_registrations_is_refused(staff_client, sessions):
    """Two confirmed: a capacity of one is refused with the count, and nothing else changes."""
    event = EventFactory(opportunity=sessions, capacity=2)
    _register(event, 3)  # two seats, one on the waitlist
    url = f"/en/staff/processes/{sessions.phase.process.slug}/sessions/{event.pk}/"
    response = staff_client.post(url, _post(sessions, capacity="1", title_en="Renamed"))
    assert response.status_code == 400
    assert "2 people are already confirmed: the capacity cannot be lower." in (
        response.content.decode()
    )
    event.refresh_from_db()
    assert (event.capacity, event.title_en, event.confirmed_count) == (2, event.title_en, 2)
    assert event.title_en != "Renamed"


def test_more_seats_promote_the_waitlist_and_keep_the_seats_taken(staff_client, sessions):
    """A change of capacity goes through the service: the waitlisted person gets the seat."""
    event = EventFactory(opportunity=sessions, capacity=2)
    _register(event, 3)
    url = f"/en/staff/processes/{sessions.phase.process.slug}/sessions/{event.pk}/"
    response = staff_client.post(url, _post(sessions, capacity="3"))
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.capacity, event.confirmed_count) == (3, 3)
    assert not Registration.objects.filter(event=event, status="waitlisted").exists()
    assert event.title_en == "Halifax round table"
    assert event.starts_at == datetime.datetime(2030, 3, 4, 22, 30, tzinfo=datetime.UTC)

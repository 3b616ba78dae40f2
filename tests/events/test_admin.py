import datetime

import pytest

from coplan.events.models import Event
from tests.events.factories import EventFactory
from tests.processes.factories import OpportunityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db):
    from coplan.accounts.models import User

    return User.objects.create_superuser("root@example.org", "x" * 20)


def event_form(opportunity, **overrides):
    data = {
        "opportunity": opportunity.pk,
        "title_en": "Town hall",
        "title_fr": "Assemblée publique",
        "description_en": "Talk.",
        "description_fr": "Parlons.",
        "starts_at_0": "2030-03-04",
        "starts_at_1": "14:30:00",
        "ends_at_0": "2030-03-04",
        "ends_at_1": "16:30:00",
        "time_zone": "America/Vancouver",
        "format": "in_person",
        "city": "Vancouver",
        "province": "BC",
        "host": "team",
        "capacity": "10",
        "registration_open": "on",
    }
    data.update(overrides)
    return data


def test_times_are_typed_in_the_sessions_own_time_zone(client, superuser):
    """14:30 typed for a Vancouver session is 14:30 Pacific, i.e. 22:30 UTC."""
    client.force_login(superuser)
    opportunity = OpportunityFactory(kind="sessions")
    response = client.post("/en/admin/events/event/add/", event_form(opportunity))
    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get()
    assert event.starts_at == datetime.datetime(2030, 3, 4, 22, 30, tzinfo=datetime.UTC)
    page = client.get(f"/en/admin/events/event/{event.pk}/change/").content.decode()
    assert 'value="14:30:00"' in page


def test_capacity_below_confirmed_seats_is_refused(client, superuser):
    client.force_login(superuser)
    event = EventFactory(capacity=5, confirmed_count=3)
    data = event_form(event.opportunity, capacity="2")
    response = client.post(f"/en/admin/events/event/{event.pk}/change/", data)
    assert response.status_code == 200
    assert "already confirmed" in response.content.decode()
    event.refresh_from_db()
    assert event.capacity == 5


def test_online_session_without_link_is_refused(client, superuser):
    client.force_login(superuser)
    opportunity = OpportunityFactory(kind="sessions")
    response = client.post("/en/admin/events/event/add/", event_form(opportunity, format="online"))
    assert response.status_code == 200 and "needs its link" in response.content.decode()
    assert Event.objects.count() == 0


def test_administrators_create_sessions_and_others_cannot(client, administrator, moderator):
    opportunity = OpportunityFactory(kind="sessions")
    client.force_login(moderator)
    assert client.get("/en/admin/events/event/add/").status_code == 403
    client.force_login(administrator)
    assert client.get("/en/admin/events/event/add/").status_code == 200
    response = client.post("/en/admin/events/event/add/", event_form(opportunity))
    assert response.status_code == 302 and Event.objects.count() == 1
    assert client.get("/en/admin/events/registration/add/").status_code == 403

import pytest

from coplan.accounts import demo as accounts_demo
from coplan.events import demo
from coplan.events.models import Event
from coplan.events.selectors import event_notes
from coplan.processes import demo as processes_demo


@pytest.mark.django_db
def test_demo_sessions_across_provinces_and_idempotent():
    accounts_demo.load()
    processes_demo.load()
    demo.load()
    demo.load()
    events = Event.objects.all()
    assert events.count() == len(demo.PAST) + len(demo.UPCOMING)
    assert len(set(events.values_list("province", flat=True)) - {""}) >= 5
    assert events.filter(third_party_event_en__gt="").count() == 1
    assert all(event.title_fr and event.description_fr for event in events)
    winnipeg = events.get(city="Winnipeg")
    assert winnipeg.is_full and winnipeg.registrations.filter(status="waitlisted").count() == 1
    halifax = events.get(city="Halifax")
    assert halifax.attendance == 41 and halifax.summary_fr
    assert event_notes(halifax).count() == 2
    assert events.upcoming().count() == len(demo.UPCOMING)

"""The .ics files of sessions (coplan.events.ics), written by icalendar."""

import icalendar
import pytest

from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db

LONG_FRENCH = (
    "Séance de consultation : données ouvertes, accès à l’information; "
    "participation du public\nà Québec, Montréal et Trois-Rivières — « l’égalité » "
    "et la réconciliation économique"
)


def test_summary_with_commas_semicolons_newlines_and_a_long_french_line(client):
    """Commas, semicolons and newlines are escaped, long lines folded at 75 octets between
    characters, and a calendar reading the file gets the title back exactly."""
    event = EventFactory(title_fr=LONG_FRENCH)
    body = client.get(f"/fr/events/{event.pk}/session.ics").content.decode()
    lines = body.split("\r\n")
    assert all(len(line.encode()) <= 75 for line in lines)
    assert len([line for line in lines if line.startswith(" ")]) >= 2
    unfolded = body.replace("\r\n ", "")
    assert "SUMMARY:Séance de consultation : données ouvertes\\, accès à l’information\\; " in (
        unfolded
    )
    assert "participation du public\\nà Québec\\, Montréal" in unfolded
    (vevent,) = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == LONG_FRENCH
    assert vevent["STATUS"] == "CONFIRMED"
    assert vevent.decoded("DTSTART") == event.starts_at.replace(microsecond=0)

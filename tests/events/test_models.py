"""A session's own rules (events.models): what a session in person, online or hosted by a
partner must say, seats that can never go below those taken, and its state at a given time."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from coplan.events.models import Event

START = datetime.datetime(2030, 5, 1, 18, tzinfo=datetime.UTC)


def _event(**fields) -> Event:
    values = {
        "title_en": "Data clinic",
        "starts_at": START,
        "ends_at": START + datetime.timedelta(hours=2),
        "time_zone": "America/Halifax",
        "format": "in_person",
        "city": "Halifax",
        "province": "NS",
        **fields,
    }
    return Event(**values)


def _errors(language: str = "en", **fields) -> dict[str, list[str]]:
    with translation.override(language):
        with pytest.raises(ValidationError) as error:
            _event(**fields).clean()
        return error.value.message_dict


def test_a_complete_session_is_accepted():
    _event().clean()
    _event(format="online", city="", province="", online_url="https://meet.example.org").clean()


def test_each_format_and_host_says_what_it_needs():
    errors = _errors(format="hybrid", city="", online_url="", host="partner")
    assert sorted(errors) == ["city", "host_organisation", "online_url"]
    assert errors["online_url"] == ["An online session needs its link."]
    assert _errors(ends_at=START) == {"ends_at": ["The session must end after it starts."]}


def test_the_capacity_never_goes_below_the_seats_taken_said_in_french():
    errors = _errors("fr", capacity=2, confirmed_count=3)
    assert errors["capacity"] == [
        "3 personnes sont déjà confirmées\u00a0: la capacité ne peut pas être inférieure."
    ]
    _event(capacity=3, confirmed_count=3).clean()


def test_seats_left_and_full():
    assert (_event(capacity=None).seats_left, _event(capacity=None).is_full) == (None, False)
    assert (_event(capacity=5, confirmed_count=2).seats_left, _event(capacity=5).is_full) == (
        3,
        False,
    )
    full = _event(capacity=2, confirmed_count=2)
    assert (full.seats_left, full.is_full) == (0, True)


def test_its_time_zone_past_and_registrations_at_a_given_time():
    event = _event(registration_open=True)
    assert event.zone == zoneinfo.ZoneInfo("America/Halifax")
    before, during = START - datetime.timedelta(days=1), START + datetime.timedelta(hours=1)
    after = START + datetime.timedelta(hours=3)
    assert [event.is_past(moment) for moment in (before, during, after)] == [False, False, True]
    assert [event.accepts_registrations(moment) for moment in (before, during)] == [True, False]
    assert not _event(registration_open=False).accepts_registrations(before)
    assert not event.is_proposed and not event.at_third_party_event

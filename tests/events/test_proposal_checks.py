"""The checks of a session proposal (events.proposal_checks), made whole before anything is
stored: every mistake at once, each with its message in English and French."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from coplan.events.proposal_checks import (
    FURTHEST_AHEAD,
    LONGEST_SESSION,
    TITLE_MAX_LENGTH,
    proposal_checked,
)

NOW = datetime.datetime(2026, 3, 2, 15, 0, tzinfo=datetime.UTC)
START = NOW + datetime.timedelta(days=20)


def _proposal(**overrides) -> dict:
    return {
        "title": "Open data in rural libraries",
        "description": "A workshop with librarians.",
        "starts_at": START,
        "ends_at": START + datetime.timedelta(hours=2),
        "time_zone": "America/Halifax",
        "format": "in_person",
        "venue_name": "  Town hall ",
        "venue_address": "12 Main Street",
        "city": "Truro",
        "province": "NS",
        "online_url": "",
        "host_organisation": "Rural Libraries Network",
        "contact_name": "Camille Roy",
        "contact_email": " camille@example.org ",
        "language": "fr",
        **overrides,
    }


def _errors(language: str = "en", **overrides) -> dict[str, list[str]]:
    with translation.override(language), pytest.raises(ValidationError) as error:
        proposal_checked(NOW, **_proposal(**overrides))
    return error.value.message_dict


def test_a_good_proposal_comes_back_with_its_short_texts_cleaned():
    checked = proposal_checked(NOW, **_proposal())
    assert checked.cleaned["venue_name"] == "Town hall"
    assert checked.cleaned["host_organisation"] == "Rural Libraries Network"
    assert checked.contact_email == "camille@example.org"
    assert (checked.language, checked.province, checked.online_url) == ("fr", "NS", "")
    assert checked.ends_at - checked.starts_at == datetime.timedelta(hours=2)


def test_an_unknown_language_is_english_and_optional_place_fields_may_be_empty():
    checked = proposal_checked(
        NOW, **_proposal(language="de", province="", venue_name="", venue_address="", city="")
    )
    assert checked.language == "en" and checked.province == ""
    assert checked.cleaned["city"] == ""


def test_every_mistake_shows_at_once():
    errors = _errors(
        title="",
        host_organisation=" ",
        contact_name="",
        contact_email="not an address",
        format="carrier pigeon",
        time_zone="Europe/Paris",
        province="ZZ",
        starts_at=NOW - datetime.timedelta(hours=1),
        ends_at=NOW - datetime.timedelta(hours=2),
    )
    assert sorted(errors) == [
        "contact_email",
        "contact_name",
        "ends_at",
        "format",
        "host_organisation",
        "province",
        "starts_at",
        "time_zone",
        "title",
    ]
    assert errors["starts_at"] == ["The session must start in the future."]
    assert errors["ends_at"] == ["The session must end after it starts."]
    assert errors["title"] == ["This field cannot be empty."]


def test_the_messages_are_in_french_on_french_pages():
    errors = _errors(
        "fr",
        contact_email="",
        format="",
        time_zone="",
        province="ZZ",
        starts_at=NOW + FURTHEST_AHEAD + datetime.timedelta(days=1),
        ends_at=NOW + FURTHEST_AHEAD + LONGEST_SESSION + datetime.timedelta(days=2),
    )
    assert errors["contact_email"] == ["Saisissez l’adresse courriel où nous pouvons vous joindre."]
    assert errors["format"] == ["Choisissez la formule de la séance."]
    assert errors["time_zone"] == ["Choisissez le fuseau horaire de la séance dans la liste."]
    assert errors["province"] == ["Choisissez une province ou un territoire dans la liste."]
    assert errors["starts_at"] == [
        "Proposez une séance qui a lieu dans les deux prochaines années."
    ]
    assert errors["ends_at"] == ["Une séance dure au plus deux jours."]


def test_the_limits_of_length_and_schedule_are_inclusive():
    longest = proposal_checked(
        NOW,
        **_proposal(
            title="t" * TITLE_MAX_LENGTH,
            starts_at=NOW + FURTHEST_AHEAD,
            ends_at=NOW + FURTHEST_AHEAD + LONGEST_SESSION,
        ),
    )
    assert len(longest.title) == TITLE_MAX_LENGTH
    errors = _errors(title="t" * (TITLE_MAX_LENGTH + 1), description="\x00")
    assert "200" in errors["title"][0] and "201" in errors["title"][0]
    assert errors["description"] == ["The text contains a null character. Please remove it."]
    assert "starts_at" in _errors(starts_at=NOW, ends_at=NOW + datetime.timedelta(hours=1))

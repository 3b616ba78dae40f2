"""The forms of the sessions (events.forms): a proposal's date and times read in the session's
own time zone with its personal details flagged, staff offered only the answers an offer can
still get, and a summary's attendance bounded."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest

from coplan.contributions.forms import new_form_token
from coplan.events.forms import SessionProposalForm, SummaryForm, VolunteerAnswerForm
from coplan.events.models import VolunteerOffer

PROPOSAL = {
    "title": "Open data in rural libraries",
    "description": "A workshop with librarians.",
    "host_organisation": "Rural Libraries Network",
    "day": "2027-03-15",
    "start_time": "18:00",
    "end_time": "20:00",
    "time_zone": "America/Halifax",
    "format": "in_person",
    "city": "Truro",
    "province": "NS",
    "contact_name": "Camille Roy",
    "contact_email": "camille@example.org",
}


def _proposal(**changes) -> SessionProposalForm:
    return SessionProposalForm({**PROPOSAL, "form_token": new_form_token(), **changes})


def test_the_date_and_times_are_read_in_the_sessions_time_zone():
    form = _proposal()
    assert form.is_valid(), form.errors
    halifax = zoneinfo.ZoneInfo("America/Halifax")
    assert form.cleaned_data["starts_at"] == datetime.datetime(2027, 3, 15, 18, tzinfo=halifax)
    assert form.cleaned_data["ends_at"] == datetime.datetime(2027, 3, 15, 20, tzinfo=halifax)
    assert form.cleaned_data["starts_at"].astimezone(datetime.UTC).hour == 21
    assert form.findings == []


def test_without_a_whole_schedule_there_is_no_start_and_the_form_says_why():
    form = _proposal(start_time="", time_zone="Mars/Olympus")
    assert not form.is_valid()
    assert {"start_time", "time_zone"} <= set(form.errors)
    assert "starts_at" not in form.cleaned_data


def test_personal_details_in_the_published_texts_are_flagged_but_not_in_the_address():
    form = _proposal(description="Call Camille at 613-555-0147.", venue_address="12 Main Street")
    assert form.is_valid(), form.errors
    assert "phone" in {finding.kind for finding in form.findings}
    assert not any("Main Street" in finding.text for finding in form.findings)


def test_a_replayed_or_forged_token_is_refused_and_bots_are_told_apart():
    form = SessionProposalForm({**PROPOSAL, "form_token": "forged"})
    assert not form.is_valid() and "form_token" in form.errors
    assert _proposal(website="http://spam.example.com").is_bot


@pytest.mark.parametrize(
    "status,offered",
    [("received", ["accepted", "declined"]), ("accepted", []), ("declined", [])],
)
def test_staff_are_offered_only_the_answers_an_offer_can_still_get(status, offered):
    form = VolunteerAnswerForm(volunteer=VolunteerOffer(status=status))
    assert [value for value, _label in form.fields["status"].choices] == offered


def test_an_answer_outside_those_offered_is_refused():
    offer = VolunteerOffer(status="accepted")
    form = VolunteerAnswerForm({"status": "declined", "reply": "No."}, volunteer=offer)
    assert not form.is_valid() and "status" in form.errors


def test_attendance_is_a_count_of_people():
    assert SummaryForm({"attendance": "12"}).is_valid()
    assert SummaryForm({}).is_valid()
    assert "attendance" in SummaryForm({"attendance": "-1"}).errors
    assert "attendance" in SummaryForm({"attendance": "1000001"}).errors

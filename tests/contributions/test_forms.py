"""The public forms: a signed one-time token and a honeypot, text cleaned as typed, contact
details that never get published, page feedback kept to this site, and personal information
found in the text for the warning step."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import RequestFactory
from django.utils import translation

from coplan.contributions.forms import (
    TOKEN_MAX_AGE,
    CommentForm,
    FlagForm,
    IdeaForm,
    PageFeedbackForm,
    new_form_token,
)

START = datetime.datetime(2018, 1, 9, 9, 0, tzinfo=datetime.UTC)


def _idea(**overrides) -> IdeaForm:
    data = {
        "form_token": new_form_token(),
        "title": "  Open contracts  ",
        "text": "Publish every contract\r\nas open data.",
        "consent_to_publish": "on",
        **overrides,
    }
    return IdeaForm(data)


def test_an_idea_is_cleaned_as_typed():
    form = _idea()
    assert form.is_valid(), form.errors
    assert form.cleaned_data["title"] == "Open contracts"
    assert form.cleaned_data["text"] == "Publish every contract\nas open data."
    assert form.cleaned_data["form_token"].startswith("web:")
    assert not form.is_bot and form.findings == []


def test_an_unbound_form_carries_a_fresh_token_and_lists_only_what_people_fill_in():
    first, second = IdeaForm(), IdeaForm()
    assert first.initial["form_token"] != second.initial["form_token"]
    names = [field.name for field in first.public_fields()]
    assert names == ["title", "text", "province", "name", "email", "notify", "consent_to_publish"]


def test_the_honeypot_marks_a_bot():
    assert _idea(website="http://spam.example").is_bot
    assert not _idea(website="   ").is_bot


def test_a_token_expires_and_a_renewed_one_works():
    with time_machine.travel(START, tick=False) as traveller:
        token = new_form_token()
        traveller.shift(datetime.timedelta(seconds=TOKEN_MAX_AGE + 1))
        form = _idea(form_token=token)
        assert not form.is_valid()
        assert form.errors["form_token"] == [
            "This form has expired. Your text is kept below: please send it again."
        ]
        form.renew_token()
        assert IdeaForm(form.data).is_valid()
    assert "form_token" in _idea(form_token="forged").errors


def test_the_same_token_from_two_visitors_gives_two_keys():
    form = _idea()
    assert form.is_valid()
    one, other = RequestFactory().post("/"), RequestFactory().post("/")
    one.META["CSRF_COOKIE"], other.META["CSRF_COOKIE"] = "a" * 32, "b" * 32
    assert form.external_ref_for(one) != form.external_ref_for(other)
    assert form.external_ref_for(one) == form.external_ref_for(one)
    assert form.external_ref_for(one).startswith(form.cleaned_data["form_token"] + ":")


def test_publication_consent_and_an_address_to_notify_are_asked_in_both_languages():
    form = _idea(consent_to_publish="", notify="on")
    assert form.errors["consent_to_publish"] == [
        "Please agree to the publication of your contribution."
    ]
    assert form.errors["email"] == [
        "Give your email address so that we can tell you of the response."
    ]
    with translation.override("fr"):
        form = _idea(consent_to_publish="")
        assert form.errors["consent_to_publish"] == [
            "Veuillez accepter la publication de votre contribution."
        ]
    assert _idea(notify="on", email="a@example.org").is_valid()


@pytest.mark.parametrize(
    ("field", "value"),
    [("title", "   "), ("title", "x" * 201), ("text", "a\x00b"), ("province", "ZZ")],
)
def test_bad_idea_input_is_refused(field, value):
    assert field in _idea(**{field: value}).errors


def test_personal_information_in_the_text_is_found():
    form = _idea(text="About my SIN 046 454 286.")
    assert form.is_valid()
    kinds = {finding.kind for finding in form.findings}
    assert "sin" in kinds


def test_a_reply_is_labelled_as_one_and_keeps_its_parent():
    form = CommentForm(reply_to=12)
    assert form.fields["text"].label == "Your reply" and form.initial["parent"] == 12
    with translation.override("fr"):
        assert str(CommentForm(reply_to=12).fields["text"].label) == "Votre réponse"
    assert [field.name for field in form.public_fields()] == [
        "text",
        "name",
        "email",
        "notify",
        "consent_to_publish",
    ]
    data = {"form_token": new_form_token(), "text": "Yes.", "consent_to_publish": "on"}
    assert "parent" in CommentForm({**data, "parent": "0"}).errors


def _feedback(**overrides) -> PageFeedbackForm:
    return PageFeedbackForm({"form_token": new_form_token(), "page": "/en/about/", **overrides})


@pytest.mark.parametrize(
    "page", ["https://evil.example/", "/de/about/", "/en//evil.example", "/en/\\evil"]
)
def test_page_feedback_names_a_page_of_this_site_only(page):
    form = _feedback(useful="yes", page=page)
    assert form.errors["page"] == ["The page address is not valid."]


def test_page_feedback_needs_an_answer_or_a_comment():
    form = _feedback()
    assert form.non_field_errors() == ["Tell us whether the page was useful, or leave a comment."]
    useful = _feedback(useful="no")
    assert useful.is_valid() and useful.cleaned_data["useful"] is False
    commented = _feedback(comment="  Too long.  ")
    assert commented.is_valid() and commented.cleaned_data["useful"] is None
    assert commented.cleaned_data["comment"] == "Too long."


def test_a_flag_note_is_optional_and_cleaned():
    form = FlagForm({"form_token": new_form_token(), "note": " Advertising\r\n"})
    assert form.is_valid() and form.cleaned_data["note"] == "Advertising"
    assert FlagForm({"form_token": new_form_token()}).is_valid()
    assert "note" in FlagForm({"form_token": new_form_token(), "note": "x" * 5000}).errors

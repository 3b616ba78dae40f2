"""The forms of a person's data pages (privacy.forms): an access link's address, a correction
request's details cleaned as every public text is, and a withdrawal's reference."""

from __future__ import annotations

import pytest
from django.utils import translation

from coplan.privacy.forms import AccessLinkForm, CorrectionForm, WithdrawForm
from coplan.privacy.services import CORRECTION_DETAILS_MAX_LENGTH


def test_correction_details_are_cleaned_and_kept():
    form = CorrectionForm({"details": "  My name is spelt Roe,\r\nnot Row.  "})
    assert form.is_valid()
    assert form.cleaned_data["details"] == "My name is spelt Roe,\nnot Row."


@pytest.mark.parametrize(
    "details,english,french",
    [
        ("   ", "This field is required.", "Ce champ est obligatoire."),
        ("x" * (CORRECTION_DETAILS_MAX_LENGTH + 1), "5000", "5000"),
        ("A null\x00 character", "Null characters are not allowed.", "caractère nul"),
    ],
)
def test_bad_details_are_refused_in_each_language(details, english, french):
    for language, expected in (("en", english), ("fr", french)):
        with translation.override(language):
            form = CorrectionForm({"details": details})
            assert not form.is_valid()
            assert expected in form.errors["details"][0]


def test_the_longest_details_are_accepted():
    form = CorrectionForm({"details": "x" * CORRECTION_DETAILS_MAX_LENGTH})
    assert form.is_valid()


def test_an_access_link_needs_an_address():
    assert AccessLinkForm({"email": "jane@example.org"}).is_valid()
    assert "email" in AccessLinkForm({"email": "jane at example.org"}).errors
    assert "email" in AccessLinkForm({"email": ""}).errors


def test_a_withdrawal_names_a_record_by_its_label_and_a_positive_key():
    assert WithdrawForm({"label": "contributions.Contribution", "pk": "7"}).is_valid()
    assert "pk" in WithdrawForm({"label": "contributions.Contribution", "pk": "0"}).errors
    assert "pk" in WithdrawForm({"label": "contributions.Contribution", "pk": "x"}).errors
    assert "label" in WithdrawForm({"label": "x" * 101, "pk": "7"}).errors

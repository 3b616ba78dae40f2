"""The staff forms of the plan (plans.forms): Cabinet notes in both languages or neither, and
the numbers of the comments an explanation cites read leniently but never wrongly."""

from __future__ import annotations

import pytest
from django.utils import translation

from coplan.plans.forms import CabinetDecisionForm, CabinetSubmitForm, ExplanationForm, SectionForm


def test_cabinet_notes_are_in_both_languages_or_neither():
    assert CabinetSubmitForm({"notes_en": "", "notes_fr": ""}).is_valid()
    assert CabinetSubmitForm({"notes_en": "Please.", "notes_fr": "S’il vous plaît."}).is_valid()
    with translation.override("fr"):
        form = CabinetSubmitForm({"notes_en": "Please.", "notes_fr": ""})
        assert not form.is_valid()
        assert form.errors == {
            "notes_fr": [
                "Rédigez les notes en anglais et en français, ou laissez les deux champs vides."
            ]
        }


def test_a_decision_is_approved_or_changes_requested_only():
    approved = {"status": "approved", "notes_en": "", "notes_fr": ""}
    assert CabinetDecisionForm(approved).is_valid()
    form = CabinetDecisionForm({**approved, "status": "pending", "notes_en": "Why"})
    assert not form.is_valid() and set(form.errors) == {"status", "notes_fr"}


@pytest.mark.parametrize(
    "cited,ids",
    [("1204, 1210", [1204, 1210]), ("#12 #13\t14", [12, 13, 14]), ("", []), (" , ", [])],
)
def test_cited_comment_numbers_are_read_with_commas_spaces_or_hashes(cited, ids):
    form = ExplanationForm({"cited": cited, "explanation_en": "", "explanation_fr": ""})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["cited"] == ids


@pytest.mark.parametrize(
    "cited,english",
    [
        ("12, twelve", "Use comment numbers only, separated by commas or spaces."),
        ("12 0", "Give at most 100 valid comment numbers."),
        ("-3", "Give at most 100 valid comment numbers."),
        (" ".join(str(n) for n in range(1, 102)), "Give at most 100 valid comment numbers."),
    ],
)
def test_cited_numbers_that_are_not_comment_numbers_are_refused(cited, english):
    with translation.override("en"):
        form = ExplanationForm({"cited": cited})
        assert not form.is_valid()
        assert form.errors["cited"] == [english]


def test_a_section_needs_headings_in_both_languages_and_a_known_kind():
    data = {"kind": "narrative", "heading_en": "Why", "heading_fr": "Pourquoi"}
    assert SectionForm(data).is_valid()
    form = SectionForm({**data, "kind": "poem", "heading_fr": ""})
    assert not form.is_valid() and set(form.errors) == {"kind", "heading_fr"}

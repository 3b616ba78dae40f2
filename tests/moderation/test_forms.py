"""The moderation forms: a decision needs contributions, a chosen action and, to reject or
hide, a rule of participation; the queue's filters read "any" in both languages."""

from __future__ import annotations

import pytest
from django.http import QueryDict
from django.utils import translation

from coplan.moderation.forms import DecisionForm, QueueFilterForm

pytestmark = pytest.mark.django_db


def _decision(query: str, **kwargs) -> DecisionForm:
    return DecisionForm(QueryDict(query), **kwargs)


def test_a_decision_with_its_reason_is_valid(reason):
    form = _decision(f"ids=3&ids=7&action=reject&reason={reason.pk}&note=Spam")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["ids"] == [3, 7]
    assert form.cleaned_data["reason"] == reason


@pytest.mark.parametrize("action", ["reject", "hide"])
def test_reject_and_hide_need_a_rule_of_participation(action):
    form = _decision(f"ids=3&action={action}")
    assert not form.is_valid()
    assert form.errors["reason"] == ["Choose the rule of participation that applies."]
    assert _decision("ids=3&action=approve").is_valid()


def test_nothing_chosen_is_refused_in_both_languages():
    form = _decision("")
    assert form.errors == {
        "ids": ["Select at least one contribution."],
        "action": ["Choose a decision."],
    }
    with translation.override("fr"):
        form = _decision("")
        assert form.errors["ids"] == ["Sélectionnez au moins une contribution."]
        assert form.errors["action"] == ["Choisissez une décision."]


def test_ids_must_be_numbers_and_among_those_offered():
    assert "ids" in _decision("ids=x&action=approve").errors
    assert "ids" in _decision("ids=9&action=approve", ids=[1, 2]).errors
    assert _decision("ids=2&action=approve", ids=[1, 2]).is_valid()


def test_an_unknown_action_and_a_note_too_long_are_refused():
    assert "action" in _decision("ids=1&action=delete").errors
    assert "note" in _decision("ids=1&action=approve&note=" + "x" * 5000).errors


def test_queue_filters_read_any_with_the_agreement_of_french(process):
    form = QueueFilterForm()
    assert form.fields["state"].choices[0] == ("", "Any")
    with translation.override("fr"):
        form = QueueFilterForm()
        assert str(form.fields["state"].choices[0][1]) == "Tous"
        assert str(form.fields["language"].choices[0][1]) == "Toutes"
        assert str(form.fields["process"].empty_label) == "Toutes"


def test_queue_filters_name_each_phase_with_its_process(process):
    form = QueueFilterForm()
    phase = process.phases.get(kind="development")
    assert form.fields["phase"].label_from_instance(phase) == f"{process} – {phase}"


def test_bad_filter_values_are_errors_not_crashes(process):
    form = QueueFilterForm({"state": "zzz", "process": "abc", "language": "de"})
    assert not form.is_valid()
    assert set(form.errors) == {"state", "process", "language"}
    assert QueueFilterForm({"state": "pending", "process": process.pk}).is_valid()

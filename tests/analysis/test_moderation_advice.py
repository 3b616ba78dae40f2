"""The advice the analysis app gives the moderation queue: a "likely to be rejected" note with its
score on open contributions like those moderators rejected before, in the reader's language."""

from __future__ import annotations

import pytest
from django.utils import translation

from coplan.analysis.moderation_advice import rejection_risk_notes
from coplan.contributions.models import ModerationState
from tests.analysis.conftest import (
    SPAM,
    corpus_rows,
    make_contributions,
    train_moderation_model,
)


@pytest.fixture
def trained(process):
    train_moderation_model(process)


def test_no_model_no_advice(process):
    (pending,) = make_contributions(
        process, [{"text": SPAM.format(99)}], moderation_state=ModerationState.PENDING
    )
    assert rejection_risk_notes([pending]) == {}


def test_only_open_contributions_like_rejected_ones_get_a_note(process, trained):
    (spam,) = make_contributions(
        process, [{"text": SPAM.format(77)}], start=300, moderation_state=ModerationState.PENDING
    )
    (fine,) = make_contributions(process, corpus_rows()[60:61], start=400)
    (decided,) = make_contributions(
        process, [{"text": SPAM.format(78)}], start=500, moderation_state=ModerationState.REJECTED
    )
    with translation.override("en"):
        notes = rejection_risk_notes([spam, fine, decided])
    assert set(notes) == {spam.pk}
    note = notes[spam.pk]
    assert note.label == "Likely to be rejected" and note.level == "warning"
    assert note.detail.startswith("Rejection risk ") and "% from past moderation" in note.detail


def test_the_note_reads_in_french(process, trained):
    (spam,) = make_contributions(
        process, [{"text": SPAM.format(77)}], start=300, moderation_state=ModerationState.PENDING
    )
    with translation.override("fr"):
        note = rejection_risk_notes([spam])[spam.pk]
    assert note.label == "Probablement rejetée"
    assert note.detail.startswith("Risque de rejet de ") and "\xa0% d’après" in note.detail

"""The coding records: one coding, one rejection and one translation per language for each
contribution, a disposition kept while assessments use it, and each named in the reader's
language where staff read it."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import translation

from coplan.analysis.models import (
    Coding,
    ContributionAssessment,
    ContributionTranslation,
    Disposition,
    RejectedSuggestion,
)
from tests.analysis.conftest import corpus_rows, make_contributions


@pytest.fixture
def contribution(process, themes):
    (contribution,) = make_contributions(process, corpus_rows()[:1])
    return contribution


@pytest.mark.parametrize("model", [Coding, RejectedSuggestion])
def test_one_row_per_contribution_and_theme(contribution, themes, model):
    model.objects.create(contribution=contribution, theme=themes["open-data"])
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(contribution=contribution, theme=themes["open-data"])
    model.objects.create(contribution=contribution, theme=themes["open-science"])
    assert model.objects.count() == 2


def test_one_translation_per_language(contribution):
    ContributionTranslation.objects.create(contribution=contribution, language="fr", text="Un")
    with pytest.raises(IntegrityError), transaction.atomic():
        ContributionTranslation.objects.create(
            contribution=contribution, language="fr", text="Deux"
        )
    english = ContributionTranslation.objects.create(
        contribution=contribution, language="en", text="One"
    )
    assert str(english) == f"{contribution.pk} (en)"


def test_a_coding_is_a_human_confirmed_one_unless_said_otherwise(contribution, themes):
    coding = Coding.objects.create(contribution=contribution, theme=themes["open-data"])
    assert coding.confirmed and coding.source == Coding.Source.HUMAN
    assert str(coding) == f"{contribution.pk} → {themes['open-data'].pk}"


def test_a_disposition_in_use_cannot_be_deleted_from_under_an_assessment(contribution):
    disposition = Disposition.objects.get(code="future")
    assessment = ContributionAssessment.objects.create(
        contribution=contribution, disposition=disposition
    )
    with pytest.raises(ProtectedError), transaction.atomic():
        disposition.delete()
    with translation.override("en"):
        assert str(assessment) == f"Assessment of contribution {contribution.pk}"
    with translation.override("fr"):
        assert str(assessment) == f"Évaluation de la contribution {contribution.pk}"

"""Coding a contribution: chosen themes, suggestions confirmed or rejected, the assessment and the
translations."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from coplan.analysis import services
from coplan.analysis.models import (
    Coding,
    ContributionAssessment,
    Disposition,
    RejectedSuggestion,
)
from tests.analysis.conftest import corpus_rows, make_contributions


def test_contribution_code_confirms_and_rejects_suggestions(process, themes, analyst):
    (contribution,) = make_contributions(process, corpus_rows()[:1])
    Coding.objects.create(
        contribution=contribution,
        theme=themes["open-data"],
        source="machine",
        confirmed=False,
        confidence=0.8,
    )
    Coding.objects.create(
        contribution=contribution,
        theme=themes["open-science"],
        source="machine",
        confirmed=False,
        confidence=0.4,
    )
    disposition = Disposition.objects.get(code="included")
    services.contribution_code(
        contribution=contribution,
        themes=[themes["open-data"], themes["access-to-information"]],
        user=analyst,
        disposition=disposition,
        note="Strong idea",
        response_en="Included as commitment 1.",
    )
    codings = {c.theme.code: c for c in Coding.objects.filter(contribution=contribution)}
    assert set(codings) == {"open-data", "access-to-information"}
    assert codings["open-data"].source == "machine" and codings["open-data"].confirmed
    assert codings["open-data"].confidence == 0.8
    assert codings["access-to-information"].source == "human"
    assert RejectedSuggestion.objects.filter(
        contribution=contribution, theme=themes["open-science"]
    ).exists()
    assessment = ContributionAssessment.objects.get(contribution=contribution)
    assert assessment.disposition == disposition and assessment.note == "Strong idea"


def test_contribution_code_refuses_bad_input_and_stores_nothing(process, themes, analyst):
    (contribution,) = make_contributions(process, corpus_rows()[:1])
    with pytest.raises(ValidationError):
        services.contribution_code(
            contribution=contribution, themes=[themes["open-data"]], user=analyst, note="x" * 3000
        )
    assert not Coding.objects.exists() and not ContributionAssessment.objects.exists()


def test_translation_rules(process, analyst):
    (contribution,) = make_contributions(process, [{"text": "Open data please", "language": "en"}])
    services.translation_save(
        contribution=contribution, language="fr", text="Des données ouvertes svp", user=analyst
    )
    services.translation_save(
        contribution=contribution, language="fr", text="Données ouvertes, svp", user=analyst
    )
    assert contribution.translations.get().text == "Données ouvertes, svp"
    with pytest.raises(ValidationError):
        services.translation_save(contribution=contribution, language="en", text="x", user=analyst)
    with pytest.raises(ValidationError):
        services.translation_save(contribution=contribution, language="fr", text="  ", user=analyst)

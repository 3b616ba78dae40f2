"""The repository's sources: questionnaire results and session summaries are read alike, each
entry linked to its own page, dated and placed in its opportunity's phase, newest first."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from coplan.forum.repository.sources import SOURCE_KINDS
from coplan.surveys.models import Questionnaire
from tests.events.factories import EventFactory
from tests.processes.factories import OpportunityFactory


@pytest.mark.django_db
def test_questionnaire_results_entries(process):
    phase = process.phases.get(kind="planning")
    opportunity = OpportunityFactory(phase=phase, kind="questionnaire", status="closed")
    closes = timezone.now() - datetime.timedelta(days=3)
    questionnaire = Questionnaire.objects.create(
        opportunity=opportunity,
        slug="priorities",
        title_en="Priorities",
        title_fr="Priorités",
        results_visibility=Questionnaire.ResultsVisibility.PUBLIC,
        closes_at=closes,
    )
    source = SOURCE_KINDS["questionnaire"]
    with translation.override("en"):
        [entry] = source.read(process, list(process.phases.all()), None, 10)
        assert entry.link == reverse("surveys:results", kwargs={"pk": questionnaire.pk})
    assert entry.key == f"questionnaire-{questionnaire.pk}"
    assert entry.kind == "questionnaire"
    assert entry.title == "Questionnaire results: Priorities"
    assert entry.when == closes
    assert entry.phase == phase
    assert source.count(process, [], phase) == 1
    assert source.count(process, [], process.phases.get(kind="development")) == 0


@pytest.mark.django_db
def test_session_summary_entries_newest_first(process):
    phase = process.phases.get(kind="development")
    opportunity = OpportunityFactory(phase=phase, kind="sessions")
    ended = timezone.now() - datetime.timedelta(days=5)
    older, newer = (
        EventFactory(
            opportunity=opportunity,
            starts_at=ended + datetime.timedelta(days=days, hours=-2),
            summary_en="What we heard.",
        )
        for days in (0, 2)
    )
    EventFactory(opportunity=opportunity)  # no summary: not an entry
    source = SOURCE_KINDS["event"]
    with translation.override("fr"):
        entries = source.read(process, [], None, 10)
        assert entries[0].link == reverse("events:detail", kwargs={"pk": newer.pk})
    assert [entry.key for entry in entries] == [f"event-{newer.pk}", f"event-{older.pk}"]
    assert entries[0].title.startswith("Résumé de séance")
    assert entries[0].title.endswith(newer.title_fr)
    assert entries[0].when == newer.ends_at
    assert {entry.phase for entry in entries} == {phase}
    assert source.count(process, [], phase) == 2

"""The analysts' part of a contribution's outcome: its disposition and response in the reader's
language, the theme of the latest published report that heard it, the commitments it inspired,
and the published reports listed in both languages."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone, translation

from coplan.analysis.models import ContributionAssessment, Disposition, Report
from coplan.analysis.outcomes import assessment_outcomes, commitment_outcomes, heard_reports
from coplan.contributions.outcomes import Outcome
from tests.analysis.conftest import corpus_rows, make_contributions
from tests.commitments.factories import make_commitment


@pytest.fixture
def assessed(process, themes):
    (contribution,) = make_contributions(process, corpus_rows()[:1])
    ContributionAssessment.objects.create(
        contribution=contribution,
        disposition=Disposition.objects.get(code="included"),
        primary_theme=themes["open-data"],
        response_en="It became commitment 3.",
    )
    return contribution


def publish(process, themes, voices: int, days_ago: int = 0, phase=None) -> Report:
    data = {"themes": [{"id": themes["open-data"].pk, "voices": voices}]}
    published = timezone.now() - datetime.timedelta(days=days_ago)
    return Report.objects.create(
        process=process,
        phase=phase,
        status=Report.Status.PUBLISHED,
        snapshot_at=published,
        published_at=published,
        data=data,
    )


def outcome_of(contribution, source, language: str) -> Outcome:
    outcomes = {contribution.pk: Outcome()}
    with translation.override(language):
        source([contribution.pk], outcomes, language)
    return outcomes[contribution.pk]


def test_the_disposition_and_the_response_in_the_readers_language_or_the_other(assessed):
    english = outcome_of(assessed, assessment_outcomes, "en")
    assert (english.disposition, english.disposition_code) == ("Included in the plan", "included")
    assert (english.response, english.response_language) == ("It became commitment 3.", "")
    french = outcome_of(assessed, assessment_outcomes, "fr")
    assert french.disposition == "Intégré au plan"
    assert (french.response, french.response_language) == ("It became commitment 3.", "en")
    assert french.led_to == []  # no published report yet


def test_the_latest_published_report_that_heard_the_theme_is_linked(process, themes, assessed):
    publish(process, themes, voices=4, days_ago=3)
    latest = publish(process, themes, voices=0)
    assert outcome_of(assessed, assessment_outcomes, "en").led_to == []  # not heard in it
    latest.data = {"themes": [{"id": themes["open-data"].pk, "voices": 2}]}
    latest.save()
    (link,) = outcome_of(assessed, assessment_outcomes, "fr").led_to
    assert link.label == "Thème du rapport Ce que nous avons entendu"
    assert link.title == "Données ouvertes"
    assert link.url == f"/fr/analysis/reports/{latest.pk}/#theme-{themes['open-data'].pk}"


def test_a_draft_report_is_never_linked(process, themes, assessed):
    Report.objects.create(
        process=process,
        snapshot_at=timezone.now(),
        data={"themes": [{"id": themes["open-data"].pk, "voices": 3}]},
    )
    assert outcome_of(assessed, assessment_outcomes, "en").led_to == []


def test_the_commitments_a_contribution_inspired_unless_withdrawn(process, assessed):
    from coplan.commitments.models import ContributionLink

    kept = make_commitment(process, identifier="C-01", status="draft")
    gone = make_commitment(process, identifier="C-02", status="withdrawn")
    for commitment in (kept, gone):
        ContributionLink.objects.create(
            contribution=assessed, commitment=commitment, response_en="Its main source."
        )
    (link,) = outcome_of(assessed, commitment_outcomes, "fr").led_to
    assert link.label == "Engagement"
    assert link.title == "C-01 – Données ouvertes pour C-01"
    assert link.response == "Its main source."


def test_published_reports_are_listed_newest_first_with_their_phase(process, themes):
    phase = process.phases.first()
    older = publish(process, themes, voices=1, days_ago=10)
    newer = publish(process, themes, voices=1, phase=phase)
    Report.objects.create(process=process, snapshot_at=timezone.now())  # a draft
    with translation.override("en"):
        english = heard_reports([process.pk])
    assert [r.url for r in english] == [
        f"/en/analysis/reports/{newer.pk}/",
        f"/en/analysis/reports/{older.pk}/",
    ]
    assert english[0].title.startswith(f"What We Heard: {phase.name_en}, ")
    assert english[1].title.startswith("What We Heard, ")
    with translation.override("fr"):
        french = heard_reports([process.pk])
    assert french[0].title.startswith(f"Ce que nous avons entendu\xa0: {phase.name_fr}, ")
    assert heard_reports([]) == []

"""What the analysis pages read about a process besides its queue: the latest theme model, the
latest topics with their examples, its reports, and its own published words."""

from __future__ import annotations

from django.utils import timezone

from coplan.analysis.models import Report, TopicCandidate, TopicRun, TrainedModel
from coplan.analysis.selectors.process_reads import (
    current_quality,
    latest_topics,
    published_texts_for,
    reports_for,
    topic_candidates,
)
from tests.analysis.conftest import corpus_rows, make_contributions
from tests.commitments.factories import make_commitment
from tests.processes.factories import ProcessFactory


def test_current_quality_is_the_latest_theme_model_of_this_process(process):
    assert current_quality(process) is None
    TrainedModel.objects.create(kind=TrainedModel.Kind.MODERATION, artifact=b"m", metrics={})
    assert current_quality(process) is None
    TrainedModel.objects.create(
        kind=TrainedModel.Kind.THEMES, process=ProcessFactory(), artifact=b"o", metrics={}
    )
    mine = TrainedModel.objects.create(
        kind=TrainedModel.Kind.THEMES, process=process, artifact=b"t", metrics={"macro_f1": 0.6}
    )
    found = current_quality(process)
    assert found.pk == mine.pk and found.metrics == {"macro_f1": 0.6}


def test_topic_candidates_carry_their_examples_that_still_exist(process):
    assert latest_topics(process) is None and topic_candidates(None) == []
    a, b = make_contributions(process, corpus_rows()[:2])
    run = TopicRun.objects.create(process=process, seed=3)
    TopicCandidate.objects.create(
        run=run, position=0, size=2, member_ids=[a.pk, b.pk], example_ids=[b.pk, 999999, a.pk]
    )
    assert latest_topics(process).pk == run.pk
    (candidate,) = topic_candidates(run)
    assert [c.pk for c in candidate.examples] == [b.pk, a.pk]


def test_reports_are_this_processs_newest_first(process):
    now = timezone.now()
    older = Report.objects.create(process=process, snapshot_at=now - timezone.timedelta(days=2))
    newer = Report.objects.create(process=process, snapshot_at=now)
    Report.objects.create(process=ProcessFactory(), snapshot_at=now)
    assert [r.pk for r in reports_for(process)] == [newer.pk, older.pk]


def test_published_texts_are_the_commitments_words_in_both_languages(process):
    assert published_texts_for(process) == []
    make_commitment(process, identifier="C-01")
    make_commitment(ProcessFactory(), identifier="C-02")
    texts = published_texts_for(process)
    assert "Open data for C-01" in texts and "Données ouvertes pour C-01" in texts
    assert "Les gens ne trouvent pas les données." in texts
    assert not any("C-02" in text for text in texts)
    assert "" not in texts

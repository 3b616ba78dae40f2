"""What the background tasks store: trained models newest first (the pages read the latest),
topic runs newest first with their candidates in order, the model's artifact kept as bytes."""

from __future__ import annotations

import datetime

import time_machine

from coplan.analysis.models import TopicCandidate, TopicRun, TrainedModel

START = datetime.datetime(2018, 1, 10, 14, 0, tzinfo=datetime.UTC)


def test_trained_models_come_newest_first_and_keep_their_artifact(process):
    with time_machine.travel(START, tick=False):
        older = TrainedModel.objects.create(kind="themes", process=process, artifact=b"\x00old")
    with time_machine.travel(START + datetime.timedelta(hours=1), tick=False):
        newer = TrainedModel.objects.create(kind="moderation", artifact=b"\x80new")
    assert list(TrainedModel.objects.all()) == [newer, older]
    assert TrainedModel.objects.latest() == newer
    assert bytes(TrainedModel.objects.get(pk=older.pk).artifact) == b"\x00old"
    assert str(older) == "themes 2018-01-10 14:00"


def test_topic_runs_newest_first_and_candidates_in_their_order(process):
    with time_machine.travel(START, tick=False):
        first = TopicRun.objects.create(process=process, seed=3)
    with time_machine.travel(START + datetime.timedelta(minutes=5), tick=False):
        second = TopicRun.objects.create(process=process, seed=4)
    assert list(process.topic_runs.all()) == [second, first]
    for position in (2, 0, 1):
        TopicCandidate.objects.create(run=first, position=position, size=position + 1)
    assert [c.position for c in first.candidates.all()] == [0, 1, 2]
    assert str(first) == f"{process.pk} seed 3"
    assert str(first.candidates.first()) == f"{first.pk}/0"

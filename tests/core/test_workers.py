"""Workers' liveness in itself: how often a worker beats for its staleness window, and one
heartbeat row per worker, moved forward at each beat. (Requeuing the jobs of workers that stopped
beating, end to end: tests/core/test_worker.py.)"""

from __future__ import annotations

import datetime

import pytest
import time_machine

from coplan.core import workers
from coplan.core.models import WorkerHeartbeat


@pytest.mark.parametrize(
    ("stale_seconds", "beat"),
    [(90, 10.0), (15, 5.0), (2, 1.0), (1, 1.0), (3600, 10.0)],
)
def test_a_worker_beats_several_times_within_its_staleness_window(settings, stale_seconds, beat):
    settings.COPLAN_WORKER_STALE_SECONDS = stale_seconds
    assert workers.heartbeat_seconds() == beat
    assert workers.stale_after() == datetime.timedelta(seconds=stale_seconds)


@pytest.mark.django_db
def test_each_beat_moves_the_workers_one_row_forward():
    start = datetime.datetime(2018, 7, 1, 18, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        workers.heartbeat("host-1:42")
    with time_machine.travel(start + datetime.timedelta(seconds=10), tick=False):
        workers.heartbeat("host-1:42")
        workers.heartbeat("host-2:7")
    beats = dict(WorkerHeartbeat.objects.values_list("worker_id", "last_seen"))
    assert beats == {
        "host-1:42": start + datetime.timedelta(seconds=10),
        "host-2:7": start + datetime.timedelta(seconds=10),
    }

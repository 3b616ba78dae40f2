"""Task workers' liveness: a job whose worker died (SIGKILL, lost machine) is run again.

Each `coplan worker` writes a heartbeat every HEARTBEAT_SECONDS. A job still marked running
whose worker has not beaten for STALE_AFTER seconds goes back to the queue, once (a conditional
update claims it). Tasks are written to be safe to run again after a crash, and to go on where
the dead run stopped: they record each side effect as it is done (each email sent, each row
imported) and claim the next one in the database before acting. A job whose workers died
MAX_RUNS times (one that kills its worker, say by exhausting memory) is marked failed instead of
being run for ever.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .models import WorkerHeartbeat

logger = logging.getLogger(__name__)
MAX_RUNS = 5


class WorkerLost(Exception):
    """Recorded as the error of a job whose worker stopped during each of its runs."""


def stale_after() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.COPLAN_WORKER_STALE_SECONDS)


def heartbeat_seconds() -> float:
    """Beat several times within the staleness window."""
    return max(1.0, min(10.0, settings.COPLAN_WORKER_STALE_SECONDS / 3))


def heartbeat(worker_id: str) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id, defaults={"last_seen": timezone.now()}
    )


def requeue_orphaned_jobs(now: datetime.datetime | None = None) -> int:
    """Put back in the queue the running jobs whose worker stopped beating; return how many."""
    now = now or timezone.now()
    cutoff = now - stale_after()
    alive = set(
        WorkerHeartbeat.objects.filter(last_seen__gte=cutoff).values_list("worker_id", flat=True)
    )
    requeued = 0
    running = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=cutoff
    ).only("id", "worker_ids", "started_at")
    for job in running:
        if not (job.worker_ids and job.worker_ids[-1] in alive):
            requeued += _orphan_requeue(job, now)
    if requeued:
        logger.warning("requeued %s job(s) whose worker stopped", requeued)
    WorkerHeartbeat.objects.filter(last_seen__lt=now - 10 * stale_after()).delete()
    return requeued


def _orphan_requeue(job: DBTaskResult, now: datetime.datetime) -> int:
    """Put the job back in the queue (1), or fail it for good after MAX_RUNS runs (0)."""
    # Conditional on the same start: a job another sweeper already put back is left alone.
    same_run = DBTaskResult.objects.filter(
        pk=job.pk, status=TaskResultStatus.RUNNING, started_at=job.started_at
    )
    if len(job.worker_ids) < MAX_RUNS:
        return same_run.update(status=TaskResultStatus.READY, started_at=None)
    if same_run.update(
        status=TaskResultStatus.FAILED,
        finished_at=now,
        exception_class_path=f"{__name__}.WorkerLost",
        traceback=f"WorkerLost: its worker stopped during each of {MAX_RUNS} runs",
    ):
        logger.error("job %s failed: its worker stopped during each of its runs", job.pk)
    return 0

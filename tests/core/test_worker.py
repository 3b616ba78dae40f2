"""`coplan worker` runs queued tasks from the database queue and enqueues periodic jobs."""

import datetime

import pytest
from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from coplan.processes.models import Opportunity
from tests.processes.factories import OpportunityFactory

DB_TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "mail", "imports"],
    }
}


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_TASKS)
def test_worker_runs_the_schedule_and_the_queue():
    """One batch run enqueues due periodic jobs and executes them, once."""
    opportunity = OpportunityFactory(
        status=Opportunity.Status.ANNOUNCED,
        opens_at=datetime.datetime(2018, 1, 1, tzinfo=datetime.UTC),
    )
    call_command("worker", batch=True, verbosity=0)
    opportunity.refresh_from_db()
    assert opportunity.status == Opportunity.Status.OPEN
    results = DBTaskResult.objects.filter(task_path__endswith="opportunities_sync_status")
    assert results.count() == 1
    assert results.get().status == "SUCCESSFUL"
    # A second worker pass right after finds nothing due: the job is not enqueued twice.
    call_command("worker", batch=True, verbosity=0)
    assert results.count() == 1


@pytest.mark.django_db
def test_orphaned_running_job_is_requeued_once_and_live_ones_are_left_alone(settings):
    from django.utils import timezone

    from coplan.core import workers

    settings.COPLAN_WORKER_STALE_SECONDS = 60
    long_ago = timezone.now() - datetime.timedelta(minutes=5)
    workers.heartbeat("alive")

    def running(worker_id):
        return DBTaskResult.objects.create(
            status="RUNNING",
            started_at=long_ago,
            worker_ids=[worker_id],
            args_kwargs={},
            task_path="tests.core.worker_tasks.hang_first_time",
            queue_name="default",
            backend_name="default",
            run_after=long_ago,
        )

    orphan, busy = running("dead"), running("alive")
    assert workers.requeue_orphaned_jobs() == 1
    assert workers.requeue_orphaned_jobs() == 0
    orphan.refresh_from_db()
    busy.refresh_from_db()
    assert (orphan.status, busy.status) == ("READY", "RUNNING")


@pytest.mark.django_db
def test_a_job_that_kills_its_worker_every_time_fails_instead_of_running_for_ever(settings):
    """After MAX_RUNS runs cut off, the job is failed (with WorkerLost), not put back again."""
    from django.utils import timezone

    from coplan.core import workers

    settings.COPLAN_WORKER_STALE_SECONDS = 60
    long_ago = timezone.now() - datetime.timedelta(minutes=5)

    def running(runs):
        return DBTaskResult.objects.create(
            status="RUNNING",
            started_at=long_ago,
            worker_ids=[f"dead-{n}" for n in range(runs)],
            args_kwargs={},
            task_path="tests.core.worker_tasks.hang_first_time",
            queue_name="default",
            backend_name="default",
            run_after=long_ago,
        )

    again, poison = running(workers.MAX_RUNS - 1), running(workers.MAX_RUNS)
    assert workers.requeue_orphaned_jobs() == 1
    again.refresh_from_db()
    poison.refresh_from_db()
    assert again.status == "READY"
    assert poison.status == "FAILED" and poison.finished_at is not None
    assert poison.exception_class_path == "coplan.core.workers.WorkerLost"


def test_a_worker_killed_mid_job_leaves_it_to_another_that_completes_it_once(tmp_path):
    """SIGKILL a real worker in the middle of a job: the next worker runs it, exactly once."""
    import os
    import signal
    import sqlite3
    import subprocess
    import sys
    import time

    db = tmp_path / "worker.sqlite3"
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
        "DJANGO_SETTINGS_MODULE": "coplan.settings.dev",
        "DATABASE_URL": f"sqlite:///{db}",
        "COPLAN_VAR_DIR": str(tmp_path),
        "COPLAN_WORKER_STALE_SECONDS": "3",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
    }
    coplan = [sys.executable, "-m", "coplan.cli"]

    def run(*args):
        return subprocess.run(
            [*coplan, *args], env=env, capture_output=True, text=True, timeout=600, check=True
        )

    run("migrate", "-v0")
    run(
        "shell",
        "-c",
        "from tests.core.worker_tasks import hang_first_time; hang_first_time.enqueue()",
    )
    worker = subprocess.Popen(
        [*coplan, "worker", "--no-scheduler"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def labels():
        with sqlite3.connect(db) as connection:
            return [
                row[0]
                for row in connection.execute(
                    "SELECT label FROM core_jobprogress ORDER BY created_at"
                )
            ]

    def past_staleness() -> bool:
        with sqlite3.connect(db) as connection:
            fresh = connection.execute(
                "WITH w(t) AS (SELECT strftime('%Y-%m-%d %H:%M:%f', 'now', '-3.2 seconds')) "
                "SELECT (SELECT COUNT(*) FROM core_workerheartbeat, w WHERE last_seen >= w.t)"
                " + (SELECT COUNT(*) FROM django_tasks_database_dbtaskresult, w"
                " WHERE status = 'RUNNING' AND started_at >= w.t)"
            ).fetchone()[0]
        return fresh == 0

    try:
        deadline = time.monotonic() + 60
        while "attempt 1" not in labels():
            assert time.monotonic() < deadline, "the worker never started the job"
            time.sleep(0.2)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
    # The next worker takes the job over once the dead one's last beat and the job's start are
    # older than the staleness window (3 s): wait for that, read from the database's own clock.
    deadline = time.monotonic() + 60
    while not past_staleness():
        assert time.monotonic() < deadline, "the dead worker's heartbeat never went stale"
        time.sleep(0.2)
    run("worker", "--batch", "--no-scheduler")
    assert labels() == ["attempt 1", "attempt 2", "done"]
    with sqlite3.connect(db) as connection:
        statuses = [
            row[0]
            for row in connection.execute("SELECT status FROM django_tasks_database_dbtaskresult")
        ]
    assert statuses == ["SUCCESSFUL"]


@pytest.mark.django_db
@override_settings(TASKS=DB_TASKS)
def test_finished_task_results_are_pruned_after_their_keeping_period():
    """Periodic jobs leave thousands of results a day: successes go after 14 days, failures
    after 90, queued and running ones never."""
    from django.utils import timezone

    from coplan.core.scheduling import periodic_jobs
    from coplan.core.tasks import task_results_prune

    assert "core.task_results_prune" in {job.name for job in periodic_jobs()}
    now = timezone.now()

    def result(status, days_ago):
        finished = now - datetime.timedelta(days=days_ago)
        return DBTaskResult.objects.create(
            status=status,
            enqueued_at=finished,
            started_at=None if status == "READY" else finished,
            finished_at=finished if status in ("SUCCESSFUL", "FAILED") else None,
            args_kwargs={},
            task_path="tests.core.worker_tasks.hang_first_time",
            queue_name="default",
            backend_name="default",
            run_after=finished,
        )

    kept = [
        result("SUCCESSFUL", 13),
        result("FAILED", 60),
        result("READY", 400),
        result("RUNNING", 400),
    ]
    result("SUCCESSFUL", 15)
    result("FAILED", 91)
    assert task_results_prune.call() == 2
    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == {r.pk for r in kept}

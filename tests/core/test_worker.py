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

"""A task for the worker fault test: the first attempt hangs (to be killed), a rerun finishes."""

import time

from django_tasks import task

from coplan.core.models import JobProgress


@task()
def hang_first_time() -> str:
    attempt = JobProgress.objects.filter(label__startswith="attempt").count() + 1
    JobProgress.objects.create(label=f"attempt {attempt}")
    if attempt == 1:
        time.sleep(120)
    JobProgress.objects.create(label="done", state=JobProgress.State.DONE)
    return "done"

"""An import run's bookkeeping: its progress (its own, or the staff upload's job's) and its
closing when the file cannot be read."""

from __future__ import annotations

import pytest
from django.utils.translation import gettext_lazy

from coplan.core.models import JobProgress
from coplan.core.progress import Progress
from coplan.core.tabular import TabularError
from coplan.intake.models import ImportRun
from coplan.intake.runs import fail_run, run_progress

pytestmark = pytest.mark.django_db

LABEL = gettext_lazy("In-person notes import: %(file)s")


def _run(process) -> ImportRun:
    return ImportRun.objects.create(
        process=process, source=ImportRun.Source.NOTES, filename="notes.csv"
    )


def test_an_import_without_a_job_has_its_own_progress_ended_when_it_returns(process):
    run = _run(process)
    with run_progress(run, None, label=LABEL, filename="notes.csv", total=3) as progress:
        progress.advance(3)
        assert run.progress == progress.job
        assert JobProgress.objects.get(pk=progress.job.pk).state == JobProgress.State.RUNNING
    job = JobProgress.objects.get(pk=progress.job.pk)
    assert (job.state, job.done, job.total) == (JobProgress.State.DONE, 3, 3)
    assert job.label_en == "In-person notes import: notes.csv"


def test_a_staff_uploads_job_is_told_the_total_and_left_to_its_task(process):
    run = _run(process)
    given = Progress(LABEL, label_params={"file": "notes.csv"}).__enter__()
    with run_progress(run, given, label=LABEL, filename="notes.csv", total=40) as progress:
        assert progress is given
    job = JobProgress.objects.get(pk=given.job.pk)
    assert (job.state, job.total) == (JobProgress.State.RUNNING, 40)
    assert run.progress == given.job


def test_a_file_that_cannot_be_read_fails_its_run_with_one_reject_saying_where(process):
    run = fail_run(_run(process), TabularError("Bad quoting.", line=7, column="text"))
    run.refresh_from_db()
    assert (run.state, run.read_count, run.rejected_count) == (ImportRun.State.FAILED, 0, 1)
    assert run.error == "Line 7, column text: Bad quoting."
    reject = run.rejects.get()
    assert (reject.line, reject.column, reject.reason) == (7, "text", "Bad quoting.")

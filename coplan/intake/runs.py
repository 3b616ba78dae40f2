"""An import run's bookkeeping outside the writer: its total announced to the job's progress,
and its closing when its file could not be read."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.utils import timezone
from django.utils.functional import Promise

from coplan.core.progress import Progress
from coplan.core.tabular import TabularError

from .models import ImportReject, ImportRun


def progress_total(progress: Progress, total: int) -> None:
    """Give a progress started elsewhere (a staff upload's job) the number of rows to come."""
    progress.job.total = total
    type(progress.job).objects.filter(pk=progress.job.pk).update(total=total)


def fail_run(run: ImportRun, exc: TabularError) -> ImportRun:
    """Close a run whose file could not be read: one reject saying where, nothing imported."""
    ImportReject.objects.create(
        run=run,
        position=exc.line or 0,
        line=exc.line,
        column=(exc.column or "")[:120],
        reason=exc.message,
    )
    run.read_count = 0
    run.rejected_count = 1
    run.state = ImportRun.State.FAILED
    run.error = str(exc)
    run.finished_at = timezone.now()
    run.save()
    return run


@contextmanager
def run_progress(
    run: ImportRun,
    progress: Progress | None,
    *,
    label: Promise,
    filename: str,
    total: int,
    terminal: bool = False,
) -> Iterator[Progress]:
    """The run's progress: the staff upload's job's (told the total), or one of its own, ended
    (as done) when the import returns."""
    own = progress is None
    if progress is None:
        progress = Progress(label, label_params={"file": filename}, total=total, terminal=terminal)
        progress.__enter__()
    else:
        progress_total(progress, total)
    run.progress = progress.job
    try:
        yield progress
    finally:
        if own:
            progress.__exit__(None, None, None)

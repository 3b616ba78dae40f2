"""Reporting progress of long work to staff pages (JobProgress) and terminals (tqdm)."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

from tqdm import tqdm

from .models import JobProgress

T = TypeVar("T")

# Writing progress on every item would double the work of bulk jobs: write every N items.
PROGRESS_WRITE_EVERY = 500


class Progress:
    """Track a job: `with Progress("Import", total=n) as p: p.advance(k)`."""

    def __init__(
        self, label: str, *, total: int = 0, job: JobProgress | None = None, terminal: bool = False
    ) -> None:
        self.job = job or JobProgress.objects.create(label=label[:200], total=total)
        if total and self.job.total != total:
            self.job.total = total
        self._since_write = 0
        self._bar = tqdm(total=total or None, desc=label, file=sys.stderr) if terminal else None

    def __enter__(self) -> Progress:
        self.job.state = JobProgress.State.RUNNING
        self.job.save(update_fields=["state", "total", "updated_at"])
        return self

    def advance(self, count: int = 1) -> None:
        self.job.done += count
        self._since_write += count
        if self._bar is not None:
            self._bar.update(count)
        if self._since_write >= PROGRESS_WRITE_EVERY:
            self._since_write = 0
            JobProgress.objects.filter(pk=self.job.pk).update(done=self.job.done)

    def track(self, items: Iterable[T]) -> Iterator[T]:
        for item in items:
            yield item
            self.advance()

    def __exit__(self, exc_type, exc, tb) -> None:
        if self._bar is not None:
            self._bar.close()
        self.job.state = JobProgress.State.FAILED if exc_type else JobProgress.State.DONE
        if exc_type:
            self.job.message = str(exc_type.__name__)[:500]
        self.job.save(update_fields=["state", "done", "message", "updated_at"])

"""Reporting progress of long work to staff pages (JobProgress) and terminals (tqdm)."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Mapping
from typing import TypeVar

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from tqdm import tqdm

from .models import JobProgress

T = TypeVar("T")

# Writing progress on every item would double the work of bulk jobs: write every N items.
PROGRESS_WRITE_EVERY = 500


def job_labels(label: str | Promise, params: Mapping[str, object] | None = None) -> dict[str, str]:
    """A job's label in every language (`label_en`, `label_fr`…), for `JobProgress(**…)`.

    A lazy label is translated once per language, so staff read the job's title in their own
    language whichever language started it; a plain string is the same in every language.
    """
    labels = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            text = str(label) % params if params is not None else str(label)
        labels[f"label_{code}"] = text[:200]
    return labels


def job_create(
    label: str | Promise, params: Mapping[str, object] | None = None, *, total: int = 0
) -> JobProgress:
    """A queued job with its label in every language."""
    return JobProgress.objects.create(**job_labels(label, params), total=total)


class Progress:
    """Track a job: `with Progress(gettext_lazy("Import"), total=n) as p: p.advance(k)`.

    The label is a lazy string, with `label_params` for its placeholders, so that it can be
    stored in every language.
    """

    def __init__(
        self,
        label: str | Promise,
        *,
        label_params: Mapping[str, object] | None = None,
        total: int = 0,
        job: JobProgress | None = None,
        terminal: bool = False,
    ) -> None:
        self.job = job or job_create(label, label_params, total=total)
        if total and self.job.total != total:
            self.job.total = total
        self._since_write = 0
        self._bar = (
            tqdm(total=total or None, desc=self.job.label, file=sys.stderr) if terminal else None
        )

    def __enter__(self) -> Progress:
        self.job.state = JobProgress.State.RUNNING
        # A job run again after its worker died goes through its items again: counting from
        # where the dead run stopped would show more done than there is ("68 of 24").
        self.job.done = 0
        self.job.save(update_fields=["state", "total", "done", "updated_at"])
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
        elif self.job.done > self.job.total:
            # A job whose size was unknown at the start (a mailbox, a file read as it goes)
            # ends knowing it: "4 of 4 done", never "4 of 0".
            self.job.total = self.job.done
        self.job.save(update_fields=["state", "total", "done", "message", "updated_at"])

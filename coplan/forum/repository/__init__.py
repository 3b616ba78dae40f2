"""The public repository of a process: everything published, dated, generated from the records.

Each kind of entry comes from one source query (opportunity status changes, questionnaire
results, session summaries, plan versions, What We Heard reports, data set versions, forum
agendas and minutes, progress reports, lessons learned). A page of N entries reads at most
offset + N rows of each source, newest first, and merges them: the query count does not grow
with the repository. Filters (phase, type) apply inside each source's query.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from coplan.processes.models import Phase, Process

from ..models import SIX_MONTHS
from .sources import SOURCE_KINDS, SOURCES, Entry

__all__ = ["SOURCES", "SOURCE_KINDS", "Entry", "RepositoryPage", "repository_page"]

PAGE_SIZE = 25
FEED_ITEMS = 50


@dataclass
class RepositoryPage:
    entries: list[Entry]
    total: int
    number: int
    pages: int

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


def repository_page(
    process: Process,
    phases: list[Phase],
    *,
    phase: Phase | None = None,
    kind: str = "",
    page: int = 1,
    per_page: int = PAGE_SIZE,
) -> RepositoryPage:
    """One page of the repository, newest first, filtered by phase and type."""
    sources = [SOURCE_KINDS[kind]] if kind in SOURCE_KINDS else list(SOURCES)
    total = sum(source.count(process, phases, phase) for source in sources)
    pages = max(1, -(-total // per_page))
    page = min(max(page, 1), pages)
    limit = page * per_page
    entries: list[Entry] = []
    for source in sources:
        entries.extend(source.read(process, phases, phase, limit))
    entries.sort(key=lambda entry: (entry.when, entry.key), reverse=True)
    return RepositoryPage(
        entries=entries[(page - 1) * per_page : limit], total=total, number=page, pages=pages
    )


def latest_entries(process: Process, phases: list[Phase], limit: int = FEED_ITEMS) -> list[Entry]:
    return repository_page(process, phases, per_page=limit).entries


def last_published(process: Process, phases: list[Phase]) -> datetime.datetime | None:
    entries = repository_page(process, phases, per_page=1).entries
    return entries[0].when if entries else None


def is_stale(last: datetime.datetime | None, now: datetime.datetime | None = None) -> bool:
    """Nothing published for six months (or ever)."""
    now = now or timezone.now()
    return last is None or now - last > SIX_MONTHS

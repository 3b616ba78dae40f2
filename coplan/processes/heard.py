"""What We Heard reports, found where people look: the process page (the phase a report
covers and the cycle's "what we heard" part), the home page's past processes, plan and open data
pages.

The reports belong to the analysis app, above this one (docs/architecture.md): it registers the
one provider in its `AppConfig.ready()`, which answers for a list of processes in one query.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class HeardReport:
    """A published What We Heard report: its title and address in the active language."""

    process_id: int
    phase_id: int | None
    title: str
    url: str
    published_on: datetime.date


ReportsProvider = Callable[[Sequence[int]], list[HeardReport]]

_provider: list[ReportsProvider] = []


def register_heard_reports(provider: ReportsProvider) -> None:
    """Called once by the analysis app."""
    _provider[:] = [provider]


def heard_reports(process_ids: Sequence[int]) -> dict[int, list[HeardReport]]:
    """The published reports of each process, newest first (no reports: an empty list)."""
    found: dict[int, list[HeardReport]] = {pk: [] for pk in process_ids}
    if _provider and found:
        for report in _provider[0](list(found)):
            found[report.process_id].append(report)
    return found

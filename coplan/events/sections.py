"""The block the events app adds to the process page: the next sessions and the feed."""

from __future__ import annotations

from coplan.core.pagecache import bump_process_version
from coplan.processes.models import Opportunity, Process

from .models import Event
from .proposals import proposal_opportunity

SECTION_SIZE = 5


def process_upcoming_sessions(process: Process) -> dict | None:
    """The next sessions of the process (one query), or None when it has none at all."""
    upcoming = list(
        Event.objects.public()
        .filter(opportunity__phase__process_id=process.pk)
        .upcoming()[: SECTION_SIZE + 1]
    )
    if not upcoming:
        return None
    return {
        "events": upcoming[:SECTION_SIZE],
        "more": len(upcoming) > SECTION_SIZE,
        "process": process,
    }


def process_propose_session(process: Process) -> dict | None:
    """The invitation to propose a session while the process takes them (one query), else None."""
    if proposal_opportunity(process) is None:
        return None
    return {"process": process}


def process_volunteer(process: Process) -> dict | None:
    """The invitation to volunteer while the process runs (no query), else None."""
    if process.completed_on is not None:
        return None
    return {"process": process}


def event_changed(instance: Event, **kwargs) -> None:
    """A session added, changed or removed: drop the cached pages of its process (its process
    page lists the next sessions) and those tied to no process, not every process's pages.
    Connected to the Event model's signals."""
    process_id = (
        Opportunity.objects.filter(pk=instance.opportunity_id)
        .values_list("phase__process_id", flat=True)
        .first()
    )
    if process_id is not None:
        bump_process_version(process_id)

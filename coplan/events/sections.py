"""The block the events app adds to the process page: the next sessions and the feed."""

from __future__ import annotations

from coplan.processes.models import Process

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

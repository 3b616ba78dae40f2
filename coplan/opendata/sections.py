from __future__ import annotations

from coplan.processes.models import Process

from .selectors import latest_by_kind


def process_section_context(process: Process) -> dict | None:
    """The process page's open data block: the latest version of each data set (two queries)."""
    return {"process": process, "latest": latest_by_kind(process)}

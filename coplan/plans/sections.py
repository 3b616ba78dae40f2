"""The plan's block on the process page: the draft under review and the final plan, with PDFs."""

from __future__ import annotations

from coplan.processes.models import Process

from .models import PlanVersion


def process_section_context(process: Process) -> dict | None:
    """The versions now under review and final (one query); None hides the block."""
    current = {}
    versions = (
        PlanVersion.objects.filter(
            plan__process=process,
            status__in=[PlanVersion.Status.REVIEW, PlanVersion.Status.FINAL],
        )
        .select_related("plan")
        .order_by("-number")
    )
    for version in versions:
        version.plan.process = process
        current.setdefault(version.status, version)
    if not current:
        return None
    return {
        "process": process,
        "draft": current.get(PlanVersion.Status.REVIEW),
        "final": current.get(PlanVersion.Status.FINAL),
    }

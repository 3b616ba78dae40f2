from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from .models import Opportunity, Phase, Process


def processes_for_home() -> QuerySet[Process]:
    """All processes, current first, for the home page."""
    return Process.objects.order_by("status", "-starts_on")


def process_with_cycle(slug: str) -> Process:
    """A process with its phases and their opportunities (two extra queries, whatever the size)."""
    phases = Phase.objects.order_by("position").prefetch_related(
        Prefetch("opportunities", queryset=Opportunity.objects.order_by("position", "pk"))
    )
    return get_object_or_404(
        Process.objects.prefetch_related(Prefetch("phases", queryset=phases)), slug=slug
    )


def opportunity_in_process(process_slug: str, opportunity_slug: str) -> Opportunity:
    """An opportunity of the named process, or 404 (never one of another process)."""
    return get_object_or_404(
        Opportunity.objects.select_related("phase", "phase__process"),
        phase__process__slug=process_slug,
        slug=opportunity_slug,
    )

from __future__ import annotations

import datetime

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse

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


def opportunities_listed(process: Process, phases: list[Phase], now: datetime.datetime) -> None:
    """Give each opportunity of the process page what its line shows (its address, its
    status in words, whether it accepts input now), computed once here: a process can have
    a hundred, and a route reversed per line in the template cost more than the rest."""
    mark = "opportunity-slug"  # reversed once, then each slug in its place (the last one)
    before, after = reverse(
        "processes:opportunity", kwargs={"slug": process.slug, "opportunity_slug": mark}
    ).rsplit(mark, 1)
    for phase in phases:
        for opportunity in phase.opportunities.all():
            opportunity.accepting = opportunity.is_accepting_input(now)
            opportunity.page_url = f"{before}{opportunity.slug}{after}"
            opportunity.status_label = opportunity.get_status_display()


def opportunity_in_process(process_slug: str, opportunity_slug: str) -> Opportunity:
    """An opportunity of the named process, or 404 (never one of another process)."""
    return get_object_or_404(
        Opportunity.objects.select_related("phase", "phase__process"),
        phase__process__slug=process_slug,
        slug=opportunity_slug,
    )

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from coplan.core.pagecache import (
    page_cache,
    page_shows_process,
    process_counts_scope,
    process_page_cache,
    process_version,
)

from . import selectors
from .graphics import NODE_RADIUS, cycle_nodes
from .heard import heard_reports
from .models import StaticPage
from .participation import participation_url, process_sections


@page_cache
def home(request: HttpRequest) -> HttpResponse:
    processes = list(selectors.processes_for_home())
    reports = heard_reports([process.pk for process in processes])
    for process in processes:
        process.heard_reports = reports[process.pk]
    return render(request, "processes/home.html", {"processes": processes})


@process_page_cache(lambda slug: f"process:{slug}")
def process_detail(request: HttpRequest, slug: str) -> HttpResponse:
    process = selectors.process_with_cycle(slug)
    counts = process_counts_scope(process.pk)
    page_shows_process(request, process.pk, counts)
    phases = list(process.phases.all())
    current = process.current_phase(phases)
    now = timezone.now()
    reports = heard_reports([process.pk])[process.pk]
    selectors.opportunities_listed(process, phases, now)
    for phase in phases:
        phase.heard_reports = [report for report in reports if report.phase_id == phase.pk]
    return render(
        request,
        "processes/process_detail.html",
        {
            "process": process,
            "phases": phases,
            "current_phase": current,
            "heard_reports": reports,
            # Computed only when the cached fragment is missing (the template calls it).
            "sections": lambda: process_sections(process),
            # The sections show this process's content: a change to another process (or a
            # support here, which they do not show) keeps them, and they are dropped with the
            # page itself.
            "fragment_key": f"{process_version(process.pk, counts)}:"
            f"{timezone.localdate().isoformat()}",
            "cycle_nodes": cycle_nodes(phases, current),
            "videos": list(process.video_blocks.all()),
            "node_radius": NODE_RADIUS,
        },
    )


def opportunity_detail(request: HttpRequest, slug: str, opportunity_slug: str) -> HttpResponse:
    opportunity = selectors.opportunity_in_process(slug, opportunity_slug)
    return render(
        request,
        "processes/opportunity_detail.html",
        {
            "opportunity": opportunity,
            "process": opportunity.phase.process,
            "accepting": opportunity.is_accepting_input(),
            "participation_url": participation_url(opportunity),
        },
    )


@page_cache
def static_page(request: HttpRequest, slug: str) -> HttpResponse:
    page = get_object_or_404(StaticPage, slug=slug)
    return render(
        request,
        "processes/static_page.html",
        {"page": page, "videos": list(page.video_blocks.all())},
    )

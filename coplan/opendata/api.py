"""The public read-only JSON API (django-ninja, which also writes the OpenAPI 3 schema).

Only what the public pages show: published and consented contributions with their redacted
text, public commitments, milestones, progress updates, events and published data set
versions. No account, name, email, handle, address or registration ever leaves through it.
Lists use cursor pagination (the cursor names the last row served), so a page costs the
same few queries whatever the table's size.
"""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Schema

from coplan.processes.models import Opportunity, Phase, Process

from .api_base import (
    ERRORS,
    Bilingual,
    Page,
    PageQuery,
    _page_url,
    _paginate,
    _text,
    api,
)


class ProcessOut(Schema):
    slug: str
    title: Bilingual
    summary: Bilingual
    status: str
    starts_on: datetime.date
    ends_on: datetime.date
    url: Bilingual


def _process(process: Process) -> dict:
    return {
        "slug": process.slug,
        "title": _text(process, "title"),
        "summary": _text(process, "summary"),
        "status": process.status,
        "starts_on": process.starts_on,
        "ends_on": process.ends_on,
        "url": _page_url("processes:detail", slug=process.slug),
    }


class ProcessPage(Page):
    items: list[ProcessOut]


@api.get("/v1/processes", response={200: ProcessPage, **ERRORS}, tags=["processes"])
def list_processes(request: HttpRequest, page: Query[PageQuery]):
    """Every consultation process."""
    result = _paginate(request, Process.objects.all(), page.cursor, page.limit)
    result["items"] = [_process(p) for p in result["items"]]
    return result


def _get_process(slug: str) -> Process:
    return get_object_or_404(Process, slug=slug)


@api.get("/v1/processes/{slug}", response={200: ProcessOut, **ERRORS}, tags=["processes"])
def get_process(request: HttpRequest, slug: str):
    """One process."""
    return _process(_get_process(slug))


class OpportunityOut(Schema):
    slug: str
    phase: str
    kind: str
    title: Bilingual
    description: Bilingual
    status: str
    opens_at: datetime.datetime | None
    closes_at: datetime.datetime | None
    url: Bilingual


class PhaseOut(Schema):
    kind: str
    position: int
    name: Bilingual
    purpose: Bilingual
    starts_on: datetime.date
    ends_on: datetime.date | None
    dates: Bilingual


def _opportunity(process: Process, phase: Phase, opportunity: Opportunity) -> dict:
    return {
        "slug": opportunity.slug,
        "phase": phase.kind,
        "kind": opportunity.kind,
        "title": _text(opportunity, "title"),
        "description": _text(opportunity, "description"),
        "status": opportunity.status,
        "opens_at": opportunity.opens_at,
        "closes_at": opportunity.closes_at,
        "url": _page_url(
            "processes:opportunity", slug=process.slug, opportunity_slug=opportunity.slug
        ),
    }


@api.get(
    "/v1/processes/{slug}/phases", response={200: list[PhaseOut], **ERRORS}, tags=["processes"]
)
def list_phases(request: HttpRequest, slug: str):
    """The phases of a process in order (six at most)."""
    process = _get_process(slug)
    return [
        {
            "kind": phase.kind,
            "position": phase.position,
            "name": _text(phase, "name"),
            "purpose": _text(phase, "purpose"),
            "starts_on": phase.starts_on,
            "ends_on": phase.ends_on,
            "dates": _text(phase, "dates_label"),
        }
        for phase in process.phases.order_by("position")
    ]


@api.get(
    "/v1/processes/{slug}/opportunities",
    response={200: list[OpportunityOut], **ERRORS},
    tags=["processes"],
)
def list_opportunities(request: HttpRequest, slug: str):
    """The opportunities to take part in a process, phase by phase."""
    process = _get_process(slug)
    opportunities = Opportunity.objects.filter(phase__process=process).select_related("phase")
    return [
        _opportunity(process, o.phase, o)
        for o in opportunities.order_by("phase__position", "position", "pk")
    ]


# The endpoints of the other modules, registered after these, in the order the schema lists them.
from . import api_contributions  # noqa: E402, F401, I001

# isort: split
from . import api_commitments  # noqa: E402, F401

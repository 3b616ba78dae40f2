"""Public API: commitments, milestones, progress updates, events, data set versions (see api)."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.utils import translation
from ninja import Field, Query, Schema

from coplan.commitments.models import Commitment, Milestone, ProgressUpdate
from coplan.events.models import Event

from .api_base import (
    ERRORS,
    Bilingual,
    DataSetKindCode,
    Page,
    PageQuery,
    _absolute,
    _page_url,
    _paginate,
    _text,
    api,
)
from .models import DataSetVersion


class ProcessFilter(PageQuery):
    process: str | None = Field(None, max_length=80, pattern=r"^[-a-zA-Z0-9_]+$")


class CommitmentOut(Schema):
    process: str
    identifier: str
    position: int
    status: str
    title: Bilingual
    description: Bilingual
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    url: Bilingual


class CommitmentPage(Page):
    items: list[CommitmentOut]


@api.get("/v1/commitments", response={200: CommitmentPage, **ERRORS}, tags=["commitments"])
def list_commitments(request: HttpRequest, filters: Query[ProcessFilter]):
    """Commitments of every process (or one)."""
    queryset = Commitment.objects.select_related("process")
    if filters.process:
        queryset = queryset.filter(process__slug=filters.process)
    result = _paginate(request, queryset, filters.cursor, filters.limit)
    result["items"] = [
        {
            "process": c.process.slug,
            "identifier": c.identifier,
            "position": c.position,
            "status": c.status,
            "title": _text(c, "title"),
            "description": _text(c, "description"),
            "starts_on": c.starts_on,
            "ends_on": c.ends_on,
            "url": _page_url(
                "commitments:detail", process_slug=c.process.slug, identifier=c.identifier
            ),
        }
        for c in result["items"]
    ]
    return result


class MilestoneOut(Schema):
    id: int
    process: str
    commitment: str
    position: int
    description: Bilingual
    responsible: Bilingual
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    status: str
    percent_complete: int
    completed_on: datetime.date | None


class MilestonePage(Page):
    items: list[MilestoneOut]


class CommitmentFilter(ProcessFilter):
    commitment: str | None = Field(None, max_length=80, pattern=r"^[-a-zA-Z0-9_]+$")


@api.get("/v1/milestones", response={200: MilestonePage, **ERRORS}, tags=["commitments"])
def list_milestones(request: HttpRequest, filters: Query[CommitmentFilter]):
    """Milestones of the commitments and how far they have come."""
    queryset = Milestone.objects.select_related("commitment__process", "responsible")
    if filters.process:
        queryset = queryset.filter(commitment__process__slug=filters.process)
    if filters.commitment:
        queryset = queryset.filter(commitment__identifier=filters.commitment)
    result = _paginate(request, queryset, filters.cursor, filters.limit)
    result["items"] = [
        {
            "id": m.pk,
            "process": m.commitment.process.slug,
            "commitment": m.commitment.identifier,
            "position": m.position,
            "description": _text(m, "description"),
            "responsible": _text(m.responsible, "name"),
            "starts_on": m.starts_on,
            "ends_on": m.ends_on,
            "status": m.status,
            "percent_complete": m.percent_complete,
            "completed_on": m.completed_on,
        }
        for m in result["items"]
    ]
    return result


class ProgressUpdateOut(Schema):
    id: int
    process: str
    commitment: str
    milestone: int
    kind: str
    reported_on: datetime.date
    text: Bilingual
    status: str
    percent_complete: int | None
    organisation: Bilingual | None


class ProgressUpdatePage(Page):
    items: list[ProgressUpdateOut]


@api.get("/v1/progress-updates", response={200: ProgressUpdatePage, **ERRORS}, tags=["commitments"])
def list_progress_updates(request: HttpRequest, filters: Query[CommitmentFilter]):
    """Progress reported on milestones, newest first (organisations, never people)."""
    queryset = ProgressUpdate.objects.select_related(
        "milestone__commitment__process", "organisation"
    )
    if filters.process:
        queryset = queryset.filter(milestone__commitment__process__slug=filters.process)
    if filters.commitment:
        queryset = queryset.filter(milestone__commitment__identifier=filters.commitment)
    result = _paginate(request, queryset, filters.cursor, filters.limit)
    result["items"] = [
        {
            "id": u.pk,
            "process": u.milestone.commitment.process.slug,
            "commitment": u.milestone.commitment.identifier,
            "milestone": u.milestone_id,
            "kind": u.kind,
            "reported_on": u.reported_on,
            "text": _text(u, "text"),
            "status": u.status,
            "percent_complete": u.percent_complete,
            "organisation": _text(u.organisation, "name") if u.organisation else None,
        }
        for u in result["items"]
    ]
    return result


# --- events and data sets --------------------------------------------------------------------


class EventOut(Schema):
    id: int
    process: str
    title: Bilingual
    description: Bilingual
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    format: str
    city: str
    province: str
    url: Bilingual


class EventPage(Page):
    items: list[EventOut]


@api.get("/v1/events", response={200: EventPage, **ERRORS}, tags=["events"])
def list_events(request: HttpRequest, filters: Query[ProcessFilter]):
    """In-person and online sessions (no registration is ever shown)."""
    queryset = Event.objects.public().select_related("opportunity__phase__process")
    if filters.process:
        queryset = queryset.filter(opportunity__phase__process__slug=filters.process)
    result = _paginate(request, queryset, filters.cursor, filters.limit)
    result["items"] = [
        {
            "id": e.pk,
            "process": e.opportunity.phase.process.slug,
            "title": _text(e, "title"),
            "description": _text(e, "description"),
            "starts_at": e.starts_at,
            "ends_at": e.ends_at,
            "format": e.format,
            "city": e.city,
            "province": e.province,
            "url": _page_url("events:detail", pk=e.pk),
        }
        for e in result["items"]
    ]
    return result


class DataSetFileOut(Schema):
    resource: str
    format: str
    url: str
    sha256: str
    size: int
    rows: int


class DataSetVersionOut(Schema):
    process: str
    kind: str
    number: int
    title: Bilingual
    published_at: datetime.datetime
    rows: int
    licence: str
    url: Bilingual
    files: list[DataSetFileOut]


class DataSetVersionPage(Page):
    items: list[DataSetVersionOut]


class DataSetFilter(ProcessFilter):
    kind: DataSetKindCode | None = None


@api.get("/v1/datasets", response={200: DataSetVersionPage, **ERRORS}, tags=["data sets"])
def list_datasets(request: HttpRequest, filters: Query[DataSetFilter]):
    """Published data set versions with their files, checksums and row counts."""
    from .selectors import _files

    queryset = (
        DataSetVersion.objects.published().select_related("process").prefetch_related(_files())
    )
    if filters.process:
        queryset = queryset.filter(process__slug=filters.process)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind.value)
    result = _paginate(request, queryset, filters.cursor, filters.limit)
    result["items"] = [_dataset_item(version) for version in result["items"]]
    return result


def _dataset_item(version: DataSetVersion) -> dict:
    return {
        "process": version.process.slug,
        "kind": version.kind,
        "number": version.number,
        "title": {"en": version.title_en, "fr": version.title_fr},
        "published_at": version.published_at,
        "rows": version.row_count,
        "licence": "OGL-Canada-2.0",
        "url": _version_url(version),
        "files": _dataset_files(version),
    }


def _version_url(version: DataSetVersion) -> dict[str, str]:
    slug, kind, number = version.process.slug, version.kind, version.number
    return _page_url("opendata:version", slug=slug, kind=kind, number=number)


def _dataset_files(version: DataSetVersion) -> list[dict]:
    """Each file with its absolute address (the English one) and its checksum."""
    with translation.override("en"):
        return [
            {
                "resource": f.resource,
                "format": f.format,
                "url": _absolute(f.get_absolute_url()),
                "sha256": f.sha256,
                "size": f.size,
                "rows": f.row_count,
            }
            for f in version.files.all()
        ]

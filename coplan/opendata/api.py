"""The public read-only JSON API (django-ninja, which also writes the OpenAPI 3 schema).

Only what the public pages show: published and consented contributions with their redacted
text, public commitments, milestones, progress updates, events and published data set
versions. No account, name, email, handle, address or registration ever leaves through it.
Lists use cursor pagination (the cursor names the last row served), so a page costs the
same few queries whatever the table's size.
"""

from __future__ import annotations

import datetime
import enum

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone, translation
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError

from coplan.analysis.models import Coding, ContributionAssessment, Theme
from coplan.commitments.models import Commitment, Milestone, ProgressUpdate
from coplan.contributions.models import Channel, Contribution, Kind, Language
from coplan.events.models import Event
from coplan.processes.models import Opportunity, Phase, Process

from .models import DataSetKind, DataSetVersion
from .rows import public_contributions, public_contributions_by_key

API_VERSION = "1.0.0"
DEFAULT_LIMIT = 50
MAX_LIMIT = 100
# Larger numbers overflow SQLite and PostgreSQL bigint: no row has them.
MAX_ID = 2**62

api = NinjaAPI(
    title="Coplan open data API",
    version=API_VERSION,
    description=(
        "Read-only public data of the consultations: processes, phases, opportunities, published "
        "contributions, commitments, milestones, progress updates, events and data set "
        "versions. Open Government Licence - Canada. Lists are paginated with a cursor: follow "
        "`next` until it is null. This schema in French: /api/openapi.fr.json"
    ),
    urls_namespace="api",
    docs_url=None,
)


class Problem(Schema):
    detail: str


ERRORS = {400: Problem, 404: Problem, 429: Problem}
# An identifier (at most 18 digits: below MAX_ID), optionally after a date position.
CONTRIBUTION_CURSOR = r"^((0|[1-9][0-9]{0,17})_)?[1-9][0-9]{0,17}$"


@api.exception_handler(NinjaValidationError)
def _invalid(request: HttpRequest, error: NinjaValidationError):
    # Bad parameters are the client's mistake: 400 with the reasons, never a 500.
    fields = sorted({".".join(str(part) for part in e.get("loc", [])[1:]) for e in error.errors})
    detail = "Invalid parameters: " + (", ".join(field for field in fields if field) or "request")
    return api.create_response(request, {"detail": detail}, status=400)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, error: Http404):
    return api.create_response(request, {"detail": "Not found."}, status=404)


def _choices_enum(name: str, choices) -> type[enum.Enum]:
    return enum.Enum(name, {value: value for value, _label in choices}, type=str)


ChannelCode = _choices_enum("ChannelCode", Channel.choices)
KindCode = _choices_enum("KindCode", Kind.choices)
LanguageCode = _choices_enum("LanguageCode", Language.choices)
PhaseCode = _choices_enum("PhaseCode", Phase.Kind.choices)
DataSetKindCode = _choices_enum("DataSetKindCode", DataSetKind.choices)


def _text(obj, field: str) -> dict[str, str]:
    return {
        "en": getattr(obj, f"{field}_en", "") or "",
        "fr": getattr(obj, f"{field}_fr", "") or "",
    }


def _absolute(path: str) -> str:
    return settings.COPLAN_SITE_URL.rstrip("/") + path


def _page_url(name: str, **kwargs) -> dict[str, str]:
    urls = {}
    for language in ("en", "fr"):
        with translation.override(language):
            urls[language] = _absolute(reverse(name, kwargs=kwargs))
    return urls


# --- cursors ---------------------------------------------------------------------------------


def _paginate(request: HttpRequest, queryset: QuerySet, cursor: int | None, limit: int) -> dict:
    """Keyset pagination on descending primary keys (newest first): the cursor is the last
    identifier served, so a page costs the same whatever the table's size."""
    if cursor:
        queryset = queryset.filter(pk__lt=cursor)
    rows = list(queryset.order_by("-pk")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = rows[-1].pk if more and rows else None
    return {"items": rows, "next_cursor": next_cursor, "next": _next_url(request, next_cursor)}


def _next_url(request: HttpRequest, next_cursor: int | None) -> str | None:
    if not next_cursor:
        return None
    query = request.GET.copy()
    query["cursor"] = str(next_cursor)
    return request.build_absolute_uri(request.path + "?" + query.urlencode())


class Page(Schema):
    next_cursor: int | None = Field(None, description="Pass as `cursor` for the next page.")
    next: str | None = Field(None, description="Address of the next page, null on the last.")


class PageQuery(Schema):
    cursor: int | None = Field(
        None, ge=1, le=MAX_ID, description="`next_cursor` of the previous page."
    )
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


# --- processes, phases, opportunities --------------------------------------------------------


class Bilingual(Schema):
    en: str
    fr: str


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


# --- contributions ---------------------------------------------------------------------------


class ContributionOut(Schema):
    id: int
    process: str
    phase: str | None
    opportunity: str | None
    channel: str
    kind: str
    language: str
    received: datetime.datetime
    title: str
    text: str = Field(description="The author's words, personal details masked.")
    supports: int
    primary_theme: str | None
    themes: list[str]
    disposition: str | None
    response: Bilingual
    url: str | None


class ContributionPage(Page):
    next_cursor: str | None = Field(
        None,
        description="Pass as `cursor` for the next page: an identifier, or with a date range "
        "`<microseconds>_<identifier>` (the position in date order).",
    )
    items: list[ContributionOut]


class ContributionFilters(PageQuery):
    cursor: str | None = Field(
        None,
        max_length=40,
        pattern=CONTRIBUTION_CURSOR,
        description="`next_cursor` of the previous page.",
    )
    process: str | None = Field(None, max_length=80, pattern=r"^[-a-zA-Z0-9_]+$")
    phase: PhaseCode | None = None
    channel: ChannelCode | None = None
    kind: KindCode | None = None
    language: LanguageCode | None = None
    theme: str | None = Field(None, max_length=60, pattern=r"^[-a-zA-Z0-9_]+$")
    received_after: datetime.date | None = Field(None, description="On or after this date.")
    received_before: datetime.date | None = Field(None, description="Before this date.")


# With a date range, pages go newest first by date (then identifier), so the database reads the
# date index backwards and stops after a page instead of sorting the range by identifier; the
# cursor then holds both parts: microseconds since 0001-01-01 (UTC) and the identifier.
EPOCH = datetime.datetime(1, 1, 1, tzinfo=datetime.UTC)
MAX_MICROSECONDS = (
    datetime.datetime.max.replace(tzinfo=datetime.UTC) - EPOCH
) // datetime.timedelta(microseconds=1)


def _cursor_of(received_at: datetime.datetime, pk: int) -> str:
    return f"{(received_at - EPOCH) // datetime.timedelta(microseconds=1)}_{pk}"


def _after_cursor(queryset: QuerySet, cursor: str | None, *, dated: bool) -> QuerySet:
    """The rows after the cursor in the page order (by identifier, or by date then identifier).

    Either form of cursor is accepted in either order: an identifier alone under a date range
    is placed by its contribution's date (one lookup by key)."""
    if not cursor:
        return queryset
    micros, _, pk = cursor.rpartition("_")
    pk = int(pk)
    if not dated:
        return queryset.filter(pk__lt=pk)
    if micros:
        at = EPOCH + datetime.timedelta(microseconds=min(int(micros), MAX_MICROSECONDS))
    else:
        at = next(
            iter(Contribution.objects.filter(pk=pk).values_list("received_at", flat=True)), None
        )
        if at is None:
            return queryset.filter(pk__lt=pk)
    # The first condition bounds the index range; the second drops the cursor's own date's
    # rows already served.
    return queryset.filter(received_at__lte=at).filter(Q(received_at__lt=at) | Q(pk__lt=pk))


# The columns a contribution item needs, read as tuples: building 100 model instances (and
# their related process, phase, opportunity, assessment and theme instances) cost more than
# the query itself.
_CONTRIBUTION_FIELDS = (
    "pk",
    "process_id",
    "phase_id",
    "opportunity_id",
    "channel",
    "kind",
    "language",
    "received_at",
    "title",
    "redacted_title",
    "text",
    "redacted_text",
    "support_count",
)
_RECEIVED = _CONTRIBUTION_FIELDS.index("received_at")
_PLACEHOLDER = 987654321


def _contribution_items(rows: list[tuple]) -> list[dict]:
    """Items for a page of contribution rows: one query per kind of related data, whatever the
    page's size (processes, phases, opportunities, assessments, confirmed themes)."""
    if not rows:
        return []
    ids = [row[0] for row in rows]
    slugs = dict(Process.objects.filter(pk__in={row[1] for row in rows}).values_list("pk", "slug"))
    phase_ids = {row[2] for row in rows if row[2] is not None}
    phases = (
        dict(Phase.objects.filter(pk__in=phase_ids).values_list("pk", "kind")) if phase_ids else {}
    )
    opportunity_ids = {row[3] for row in rows if row[3] is not None}
    opportunities = (
        dict(Opportunity.objects.filter(pk__in=opportunity_ids).values_list("pk", "slug"))
        if opportunity_ids
        else {}
    )
    assessments = {
        contribution_id: rest
        for contribution_id, *rest in ContributionAssessment.objects.filter(
            contribution_id__in=ids
        ).values_list(
            "contribution_id",
            "disposition__code",
            "primary_theme__code",
            "response_en",
            "response_fr",
        )
    }
    themes: dict[int, list[str]] = {}
    for contribution_id, code in (
        Coding.objects.filter(contribution_id__in=ids, confirmed=True)
        .order_by("contribution_id", "theme__position", "theme_id")
        .values_list("contribution_id", "theme__code")
    ):
        themes.setdefault(contribution_id, []).append(code)
    with translation.override("en"):
        idea_url = _absolute(reverse("contributions:idea_detail", kwargs={"pk": _PLACEHOLDER}))
    placeholder = str(_PLACEHOLDER)
    items = []
    for (
        pk,
        process_id,
        phase_id,
        opportunity_id,
        channel,
        kind,
        language,
        received_at,
        title,
        redacted_title,
        text,
        redacted_text,
        supports,
    ) in rows:
        disposition, primary_theme, response_en, response_fr = assessments.get(
            pk, (None, None, "", "")
        )
        items.append(
            {
                "id": pk,
                "process": slugs[process_id],
                "phase": phases.get(phase_id),
                "opportunity": opportunities.get(opportunity_id),
                "channel": channel,
                "kind": kind,
                "language": language,
                "received": received_at,
                "title": redacted_title or title,
                "text": redacted_text or text,
                "supports": supports,
                "primary_theme": primary_theme,
                "themes": themes.get(pk, []),
                "disposition": disposition,
                "response": {"en": response_en or "", "fr": response_fr or ""},
                "url": idea_url.replace(placeholder, str(pk)) if kind == Kind.IDEA else None,
            }
        )
    return items


def _unchecked(request: HttpRequest, data: dict) -> HttpResponse:
    """The answer rendered as is: validating 100 items against the response schema took longer
    than reading them. The items are built field by field above, and Schemathesis checks in the
    test suite that they conform to the published schema."""
    return api.create_response(request, data, status=200)


def _safe_date_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _filtered_contributions(filters: ContributionFilters) -> QuerySet[Contribution] | None:
    """The public contributions the filters ask for, or None when a filter names nothing.

    Names (process slug, phase kind, theme code) are turned into identifiers first, in small
    tables, so the big table is filtered on its own columns without joins and read backwards
    along its primary key."""
    queryset = public_contributions_by_key()
    if filters.process:
        process_id = Process.objects.filter(slug=filters.process).values_list("pk", flat=True)
        process_id = next(iter(process_id), None)
        if process_id is None:
            return None
        queryset = queryset.filter(process_id=process_id)
    if filters.phase:
        phase_ids = Phase.objects.filter(kind=filters.phase.value)
        if filters.process:
            phase_ids = phase_ids.filter(process_id=process_id)
        phase_ids = list(phase_ids.values_list("pk", flat=True))
        if not phase_ids:
            return None
        queryset = queryset.filter(phase_id__in=phase_ids)
    if filters.channel:
        queryset = queryset.filter(channel=filters.channel.value)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind.value)
    if filters.language:
        queryset = queryset.filter(language=filters.language.value)
    if filters.theme:
        theme_ids = list(Theme.objects.filter(code=filters.theme).values_list("pk", flat=True))
        if not theme_ids:
            return None
        queryset = queryset.filter(
            Exists(
                Coding.objects.filter(
                    contribution=OuterRef("pk"), confirmed=True, theme_id__in=theme_ids
                )
            )
        )
    try:
        if filters.received_after:
            queryset = queryset.filter(received_at__gte=_safe_date_start(filters.received_after))
        if filters.received_before:
            queryset = queryset.filter(received_at__lt=_safe_date_start(filters.received_before))
    except (OverflowError, ValueError):
        raise HttpError(400, "Invalid date range.") from None
    return queryset


@api.get("/v1/contributions", response={200: ContributionPage, **ERRORS}, tags=["contributions"])
def list_contributions(request: HttpRequest, filters: Query[ContributionFilters]):
    """Published contributions whose authors consented to publication, newest first (by
    identifier)."""
    queryset = _filtered_contributions(filters)
    if queryset is None:
        return {"items": [], "next_cursor": None, "next": None}
    dated = bool(filters.received_after or filters.received_before)
    queryset = _after_cursor(queryset, filters.cursor, dated=dated)
    order = ("-received_at", "-pk") if dated else ("-pk",)
    rows = list(queryset.order_by(*order).values_list(*_CONTRIBUTION_FIELDS)[: filters.limit + 1])
    more = len(rows) > filters.limit
    rows = rows[: filters.limit]
    next_cursor = None
    if more and rows:
        last = rows[-1]
        next_cursor = _cursor_of(last[_RECEIVED], last[0]) if dated else str(last[0])
    return _unchecked(
        request,
        {
            "items": _contribution_items(rows),
            "next_cursor": next_cursor,
            "next": _next_url(request, next_cursor),
        },
    )


@api.get(
    "/v1/contributions/{contribution_id}",
    response={200: ContributionOut, **ERRORS},
    tags=["contributions"],
)
def get_contribution(request: HttpRequest, contribution_id: int):
    """One published contribution."""
    if not 1 <= contribution_id <= MAX_ID:
        raise Http404
    rows = list(
        public_contributions().filter(pk=contribution_id).values_list(*_CONTRIBUTION_FIELDS)
    )
    if not rows:
        raise Http404
    return _unchecked(request, _contribution_items(rows)[0])


# --- commitments, milestones, progress -------------------------------------------------------


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
    items = []
    for version in result["items"]:
        with translation.override("en"):
            files = [
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
        items.append(
            {
                "process": version.process.slug,
                "kind": version.kind,
                "number": version.number,
                "title": {"en": version.title_en, "fr": version.title_fr},
                "published_at": version.published_at,
                "rows": version.row_count,
                "licence": "OGL-Canada-2.0",
                "url": _page_url(
                    "opendata:version",
                    slug=version.process.slug,
                    kind=version.kind,
                    number=version.number,
                ),
                "files": files,
            }
        )
    result["items"] = items
    return result

"""Public API: published, consented contributions with their redacted text (see api)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from ninja import Field, Query, Schema
from ninja.errors import HttpError

from coplan.analysis.models import Coding, ContributionAssessment, Theme
from coplan.contributions.models import Contribution, Kind
from coplan.processes.models import Opportunity, Phase, Process

from .api_base import (
    CONTRIBUTION_CURSOR,
    ERRORS,
    MAX_ID,
    Bilingual,
    ChannelCode,
    KindCode,
    LanguageCode,
    Page,
    PageQuery,
    PhaseCode,
    _absolute,
    _next_url,
    api,
)
from .selectors import public_contributions, public_contributions_by_key


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
    related = _related(rows)
    with translation.override("en"):
        idea_url = _absolute(reverse("contributions:idea_detail", kwargs={"pk": _PLACEHOLDER}))
    return [_contribution_item(row, related, idea_url) for row in rows]


@dataclass
class _Related:
    """What a page of contribution rows points at, read once for the whole page."""

    slugs: dict[int, str]
    phases: dict[int, str]
    opportunities: dict[int, str]
    assessments: dict[int, list]
    themes: dict[int, list[str]]


def _related(rows: list[tuple]) -> _Related:
    ids = [row[0] for row in rows]
    phase_ids = {row[2] for row in rows if row[2] is not None}
    opportunity_ids = {row[3] for row in rows if row[3] is not None}
    return _Related(
        slugs=dict(
            Process.objects.filter(pk__in={row[1] for row in rows}).values_list("pk", "slug")
        ),
        phases=(
            dict(Phase.objects.filter(pk__in=phase_ids).values_list("pk", "kind"))
            if phase_ids
            else {}
        ),
        opportunities=(
            dict(Opportunity.objects.filter(pk__in=opportunity_ids).values_list("pk", "slug"))
            if opportunity_ids
            else {}
        ),
        assessments={
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
        },
        themes=_confirmed_themes(ids),
    )


def _confirmed_themes(ids: list[int]) -> dict[int, list[str]]:
    themes: dict[int, list[str]] = {}
    for contribution_id, code in (
        Coding.objects.filter(contribution_id__in=ids, confirmed=True)
        .order_by("contribution_id", "theme__position", "theme_id")
        .values_list("contribution_id", "theme__code")
    ):
        themes.setdefault(contribution_id, []).append(code)
    return themes


def _contribution_item(row: tuple, related: _Related, idea_url: str) -> dict:
    (
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
    ) = row
    disposition, primary_theme, response_en, response_fr = related.assessments.get(
        pk, (None, None, "", "")
    )
    return {
        "id": pk,
        "process": related.slugs[process_id],
        "phase": related.phases.get(phase_id),
        "opportunity": related.opportunities.get(opportunity_id),
        "channel": channel,
        "kind": kind,
        "language": language,
        "received": received_at,
        "title": redacted_title or title,
        "text": redacted_text or text,
        "supports": supports,
        "primary_theme": primary_theme,
        "themes": related.themes.get(pk, []),
        "disposition": disposition,
        "response": {"en": response_en or "", "fr": response_fr or ""},
        "url": idea_url.replace(str(_PLACEHOLDER), str(pk)) if kind == Kind.IDEA else None,
    }


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

"""The public API's instance and what its endpoints share: errors, codes, pages, cursors."""

from __future__ import annotations

import enum

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import translation
from ninja import Field, NinjaAPI, Schema
from ninja.errors import ValidationError as NinjaValidationError

from coplan.contributions.models import Channel, Kind, Language
from coplan.processes.models import Phase

from .models import DataSetKind

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

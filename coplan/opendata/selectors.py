"""Reads of the open data pages, the process page section and the feeds."""

from __future__ import annotations

from django.db.models import CharField, Prefetch, QuerySet, Value
from django.db.models.functions import Concat
from django.http import Http404
from django.shortcuts import get_object_or_404

from coplan.contributions.models import Contribution, ModerationState
from coplan.processes.models import Process

from .models import DataSetFile, DataSetKind, DataSetStatus, DataSetVersion


def public_contributions() -> QuerySet[Contribution]:
    """What the public may see and what the data set holds: published and consented."""
    return Contribution.objects.published().filter(consent_to_publish=True)


def public_contributions_by_key() -> QuerySet[Contribution]:
    """The same rows, for reading in primary-key order (API pages, data set chunks).

    The moderation state is compared through an expression so that no index starting with it
    can be chosen: SQLite without statistics takes it as selective, then sorts every published
    row to put them in key order (seconds with a million rows) instead of reading the table
    backwards along its key and stopping after one page."""
    return Contribution.objects.alias(
        public_state=Concat("moderation_state", Value(""), output_field=CharField())
    ).filter(public_state=ModerationState.PUBLISHED, consent_to_publish=True)


def public_contribution_count(process: Process) -> int:
    return public_contributions().filter(process=process).count()


def _files() -> Prefetch[str, QuerySet[DataSetFile]]:
    return Prefetch("files", queryset=DataSetFile.objects.order_by("resource", "format"))


def published_versions(process: Process) -> QuerySet[DataSetVersion]:
    """A process's published versions, newest first, with their files (two queries)."""
    return (
        DataSetVersion.objects.published()
        .filter(process=process)
        .select_related("process")
        .prefetch_related(_files())
        .order_by("kind", "-number")
    )


def latest_by_kind(process: Process) -> list[DataSetVersion]:
    """The newest published version of each kind (for the process page)."""
    latest: dict[str, DataSetVersion] = {}
    for version in published_versions(process):
        latest.setdefault(version.kind, version)
    return [latest[kind] for kind in DataSetKind.values if kind in latest]


def published_version(slug: str, kind: str, number: int) -> DataSetVersion:
    if kind not in DataSetKind.values:
        raise Http404
    return get_object_or_404(
        DataSetVersion.objects.published().select_related("process").prefetch_related(_files()),
        process__slug=slug,
        kind=kind,
        number=number,
    )


def published_file(slug: str, kind: str, number: int, filename: str) -> DataSetFile:
    return get_object_or_404(
        DataSetFile.objects.select_related("version__process"),
        version__process__slug=slug,
        version__kind=kind,
        version__number=number,
        version__status=DataSetStatus.PUBLISHED,
        path__endswith="/" + filename,
    )


def versions_for_staff(process: Process) -> QuerySet[DataSetVersion]:
    return (
        DataSetVersion.objects.filter(process=process)
        .select_related("job")
        .order_by("-requested_at", "-pk")
    )

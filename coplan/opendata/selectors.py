"""Reads of the open data pages, the process page section and the feeds."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from coplan.processes.models import Process

from .models import DataSetFile, DataSetKind, DataSetStatus, DataSetVersion


def _files() -> Prefetch:
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

"""The codebook as the analysis pages read it."""

from __future__ import annotations

from django.db.models import Count

from coplan.processes.models import Process

from ..models import Coding, Theme


def codebook(process: Process) -> list[Theme]:
    """Active top-level themes, each with its active sub-themes in `.subthemes`."""
    themes = list(Theme.objects.filter(process=process, is_active=True).order_by("position", "pk"))
    children: dict[int, list[Theme]] = {}
    for theme in themes:
        if theme.parent_id:
            children.setdefault(theme.parent_id, []).append(theme)
    tops = [t for t in themes if t.parent_id is None]
    for top in tops:
        top.subthemes = children.get(top.pk, [])  # type: ignore[attr-defined]
    return tops


def flat_codebook(process: Process) -> list[Theme]:
    """Active themes in reading order (each top-level theme followed by its sub-themes)."""
    ordered = []
    for top in codebook(process):
        ordered.append(top)
        ordered.extend(top.subthemes)  # type: ignore[attr-defined]
    return ordered


def codebook_with_counts(process: Process) -> list[Theme]:
    """The codebook, each theme with `.coded`: its confirmed codings."""
    counts = dict(
        Coding.objects.filter(theme__process=process, confirmed=True)
        .values("theme")
        .annotate(n=Count("pk"))
        .values_list("theme", "n")
    )
    themes = codebook(process)
    subthemes = [sub for top in themes for sub in top.subthemes]  # type: ignore[attr-defined]
    for theme in [*themes, *subthemes]:
        theme.coded = counts.get(theme.pk, 0)
    return themes

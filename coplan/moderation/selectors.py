"""Reads for the moderation pages, each in a fixed number of queries."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from coplan.contributions.models import Contribution, Flag

from .models import Decision


def queue(filters: dict[str, Any]) -> QuerySet[Contribution]:
    """Contributions matching the queue's filters, oldest first (first come, first served)."""
    queryset = Contribution.objects.select_related("process", "phase", "opportunity").order_by(
        "received_at", "pk"
    )
    for field in ("process", "phase", "opportunity"):
        if filters.get(field):
            queryset = queryset.filter(**{field: filters[field]})
    for field in ("channel", "language", "kind"):
        if filters.get(field):
            queryset = queryset.filter(**{field: filters[field]})
    if filters.get("state"):
        queryset = queryset.filter(moderation_state=filters["state"])
    if filters.get("flagged"):
        queryset = queryset.filter(flag_count__gt=0).order_by("-flag_count", "received_at", "pk")
    return queryset


def contribution_for_moderation(pk: int) -> Contribution:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        Contribution.objects.select_related(
            "process", "phase", "opportunity", "parent", "target_type"
        ).prefetch_related(
            Prefetch("flags", queryset=Flag.objects.order_by("-created_at")),
            Prefetch(
                "moderation_decisions",
                queryset=Decision.objects.select_related("moderator", "reason"),
            ),
        ),
        pk=pk,
    )


def decisions_log() -> QuerySet[Decision]:
    return Decision.objects.select_related("moderator", "reason", "contribution")


def reported_count() -> int:
    """Published contributions with reports no moderator has dealt with yet."""
    return Contribution.objects.published().filter(flag_count__gt=0).count()

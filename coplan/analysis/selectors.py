"""Reads shared by the analysis pages (fixed number of queries whatever the data)."""

from __future__ import annotations

import pickle
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from coplan.contributions.models import Contribution, ModerationState
from coplan.processes.models import Process

from . import search as fulltext
from .models import (
    CampaignMember,
    Coding,
    Report,
    Theme,
    TopicRun,
    TrainedModel,
)

QUEUE_PAGE_SIZE = 25


@dataclass(frozen=True)
class QueueFilters:
    phase: int | None = None
    opportunity: int | None = None
    channel: str = ""
    language: str = ""
    theme: int | None = None
    state: str = ""  # "uncoded", "suggested", "coded" or ""
    campaign: str = ""  # "yes", "no" or ""
    q: str = ""


def codebook(process: Process) -> list[Theme]:
    """Active top-level themes, each with its active sub-themes in `.subthemes`."""
    themes = list(Theme.objects.filter(process=process, is_active=True).order_by("position", "pk"))
    children: dict[int, list[Theme]] = {}
    for theme in themes:
        if theme.parent_id:
            children.setdefault(theme.parent_id, []).append(theme)
    tops = [t for t in themes if t.parent_id is None]
    for top in tops:
        top.subthemes = children.get(top.pk, [])
    return tops


def flat_codebook(process: Process) -> list[Theme]:
    """Active themes in reading order (each top-level theme followed by its sub-themes)."""
    ordered = []
    for top in codebook(process):
        ordered.append(top)
        ordered.extend(top.subthemes)
    return ordered


def queue(process: Process, filters: QueueFilters) -> QuerySet[Contribution]:
    """Contributions to code, newest first, with their codings and assessment in 3 queries."""
    confirmed = Coding.objects.filter(contribution=OuterRef("pk"), confirmed=True)
    suggested = Coding.objects.filter(contribution=OuterRef("pk"), confirmed=False)
    queryset = (
        Contribution.objects.filter(process=process)
        .exclude(moderation_state__in=[ModerationState.REJECTED, ModerationState.WITHDRAWN])
        .annotate(is_coded=Exists(confirmed), has_suggestion=Exists(suggested))
    )
    if filters.phase:
        queryset = queryset.filter(phase_id=filters.phase)
    if filters.opportunity:
        queryset = queryset.filter(opportunity_id=filters.opportunity)
    if filters.channel:
        queryset = queryset.filter(channel=filters.channel)
    if filters.language:
        queryset = queryset.filter(language=filters.language)
    if filters.theme:
        queryset = queryset.filter(
            Exists(Coding.objects.filter(contribution=OuterRef("pk"), theme_id=filters.theme))
        )
    if filters.state == "uncoded":
        queryset = queryset.filter(is_coded=False)
    elif filters.state == "suggested":
        queryset = queryset.filter(is_coded=False, has_suggestion=True)
    elif filters.state == "coded":
        queryset = queryset.filter(is_coded=True)
    if filters.campaign == "yes":
        queryset = queryset.exclude(duplicate_group="")
    elif filters.campaign == "no":
        queryset = queryset.filter(duplicate_group="")
    if filters.q:
        queryset = fulltext.search(queryset, filters.q)
    return queryset.order_by("-received_at", "-pk")


def with_coding_details(queryset: QuerySet[Contribution]) -> QuerySet[Contribution]:
    return queryset.select_related(
        "phase",
        "opportunity",
        "assessment",
        "assessment__disposition",
        "campaign_membership__campaign",
    ).prefetch_related(
        Prefetch(
            "codings",
            queryset=Coding.objects.select_related("theme").order_by(
                "-confirmed", "-confidence", "theme__position"
            ),
        ),
    )


def queue_counts(process: Process) -> dict[str, int]:
    """The workspace's counters: to code, with suggestions, coded, in campaigns."""
    base = Contribution.objects.filter(process=process).exclude(
        moderation_state__in=[ModerationState.REJECTED, ModerationState.WITHDRAWN]
    )
    confirmed = Coding.objects.filter(contribution=OuterRef("pk"), confirmed=True)
    suggested = Coding.objects.filter(contribution=OuterRef("pk"), confirmed=False)
    counts = base.annotate(c=Exists(confirmed), s=Exists(suggested)).aggregate(
        total=Count("pk"),
        coded=Count("pk", filter=Q(c=True)),
        suggested=Count("pk", filter=Q(c=False, s=True)),
        in_campaigns=Count("pk", filter=~Q(duplicate_group="")),
    )
    counts["uncoded"] = counts["total"] - counts["coded"]
    return counts


def current_quality(process: Process) -> TrainedModel | None:
    """The latest theme model of the process (its measured quality is in .metrics)."""
    return (
        TrainedModel.objects.filter(kind=TrainedModel.Kind.THEMES, process=process)
        .defer("artifact")
        .first()
    )


def latest_topics(process: Process) -> TopicRun | None:
    return (
        TopicRun.objects.filter(process=process)
        .prefetch_related("candidates__adopted_theme")
        .first()
    )


def reports_for(process: Process) -> list[Report]:
    return list(Report.objects.filter(process=process).select_related("phase").defer("data"))


def published_reports(process: Process) -> list[Report]:
    return list(
        Report.objects.filter(process=process, status=Report.Status.PUBLISHED)
        .select_related("phase")
        .defer("data")
    )


def campaign_of(contribution: Contribution) -> CampaignMember | None:
    return (
        CampaignMember.objects.filter(contribution=contribution)
        .select_related("campaign", "campaign__representative")
        .first()
    )


_MODERATION_CACHE_KEY = "analysis:moderation-model"


def _moderation_model():
    latest = (
        TrainedModel.objects.filter(kind=TrainedModel.Kind.MODERATION)
        .values_list("pk", flat=True)
        .first()
    )
    if latest is None:
        return None
    cached = cache.get(_MODERATION_CACHE_KEY)
    if cached is not None and cached[0] == latest:
        return cached[1]
    artifact = TrainedModel.objects.values_list("artifact", flat=True).get(pk=latest)
    model = pickle.loads(bytes(artifact))  # noqa: S301 - written by our own task
    cache.set(_MODERATION_CACHE_KEY, (latest, model), timeout=3600)
    return model


def rejection_risk_for(contributions: Iterable[Contribution]) -> dict[int, float]:
    """Probability (0-1) that moderators would reject each contribution, from past decisions.

    Empty when no model has been trained yet (fewer than 20 decisions). Advice only: the
    moderator decides.
    """
    contributions = list(contributions)
    if not contributions:
        return {}
    model = _moderation_model()
    if model is None:
        return {}
    proba = model.predict_proba([c.text for c in contributions])[:, 1]
    return {c.pk: round(float(p), 3) for c, p in zip(contributions, proba, strict=True)}

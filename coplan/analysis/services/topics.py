"""Candidate themes discovered in what nobody has coded yet, and adopted into the codebook."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coplan.contributions.models import Contribution, ModerationState
from coplan.processes.models import Process

from .. import learning, selectors
from ..models import (
    Coding,
    Theme,
    TopicCandidate,
    TopicRun,
)
from .themes import theme_create


@transaction.atomic
def topics_discover(
    *, process: Process, seed: int = learning.DEFAULT_SEED, topics: int = 8, limit: int = 100_000
) -> TopicRun:
    """Propose candidate themes from the contributions nobody has coded yet."""
    rows = list(
        Contribution.objects.filter(process=process)
        .exclude(moderation_state__in=[ModerationState.REJECTED, ModerationState.WITHDRAWN])
        .exclude(pk__in=Coding.objects.filter(confirmed=True).values("contribution_id"))
        .order_by("pk")
        .values_list("pk", "text", "language")[:limit]
    )
    found = learning.discover_topics(
        [r[1] for r in rows], [r[2] for r in rows], topics=topics, seed=seed
    )
    run = TopicRun.objects.create(process=process, seed=seed, documents=len(rows))
    TopicCandidate.objects.bulk_create(
        [
            TopicCandidate(
                run=run,
                position=topic.position,
                size=topic.size,
                terms_en=topic.terms_en,
                terms_fr=topic.terms_fr,
                example_ids=[rows[i][0] for i in topic.examples],
                member_ids=[rows[i][0] for i in topic.members],
            )
            for topic in found
        ]
    )
    return run


@transaction.atomic
def topic_adopt(
    *,
    candidate: TopicCandidate,
    code: str,
    name_en: str,
    name_fr: str,
    parent: Theme | None = None,
) -> Theme:
    """Make a candidate a theme; its members get it as a suggestion for analysts to confirm."""
    if candidate.adopted_theme_id:
        raise ValidationError(_("This candidate theme was already adopted."))
    theme = theme_create(
        process=candidate.run.process,
        code=code,
        name_en=name_en,
        name_fr=name_fr,
        description_en=", ".join(candidate.terms_en),
        description_fr=", ".join(candidate.terms_fr),
        parent=parent,
    )
    _suggest_to_members(candidate, theme)
    candidate.adopted_theme = theme
    candidate.save(update_fields=["adopted_theme"])
    selectors.queue_counts_forget(theme.process_id)
    return theme


def _suggest_to_members(candidate: TopicCandidate, theme: Theme) -> None:
    """The candidate's members get the new theme as a suggestion, with no confidence."""
    suggestions = [
        Coding(contribution_id=pk, theme=theme, source=Coding.Source.MACHINE, confirmed=False)
        for pk in candidate.member_ids
    ]
    Coding.objects.bulk_create(suggestions, batch_size=2000, ignore_conflicts=True)

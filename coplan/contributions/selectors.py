"""Reads of the corpus shared by pages: each returns what a page needs in a fixed number of
queries, whatever the number of ideas or comments."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from coplan.accounts.models import User
from coplan.processes.models import Opportunity

from .models import Contribution, Kind, ModerationState, Support

# Whoever is looking: signed in, anonymous, or not known (a background job).
Visitor = User | AnonymousUser | None

IDEA_ORDERS: dict[str, tuple[str, ...]] = {
    "newest": ("-received_at", "-id"),
    "supported": ("-support_count", "-id"),
    "discussed": ("-comment_count", "-id"),
}
DEFAULT_IDEA_ORDER = "newest"
DISCUSSION_KINDS = (Kind.COMMENT, Kind.REPLY)
# A thread shows its top-level comments this many to a page (with their replies).
COMMENTS_PER_PAGE = 50


def ideas_published(opportunity: Opportunity, order: str) -> QuerySet[Contribution]:
    """The published ideas of a call for ideas, in one of the list's orders."""
    return (
        Contribution.objects.published()
        .filter(opportunity=opportunity, kind=Kind.IDEA)
        .order_by(*IDEA_ORDERS.get(order, IDEA_ORDERS[DEFAULT_IDEA_ORDER]))
        .only(
            "pk",
            "kind",
            "title",
            "redacted_title",
            "text",
            "redacted_text",
            "language",
            "received_at",
            "support_count",
            "comment_count",
            "opportunity_id",
            "moderation_state",
        )
    )


def idea_for_page(pk: int, *, own_ids: Sequence[int] = (), user: Visitor = None) -> Contribution:
    """A published idea, or one of the visitor's own ideas whatever its state; else 404."""
    idea = get_object_or_404(
        Contribution.objects.select_related("process", "opportunity__phase__process", "phase"),
        pk=pk,
        kind=Kind.IDEA,
    )
    if idea.moderation_state == ModerationState.PUBLISHED:
        return idea
    is_own = idea.pk in own_ids or (
        user is not None and user.is_authenticated and idea.author_id == user.pk
    )
    if is_own and idea.moderation_state != ModerationState.WITHDRAWN:
        return idea
    raise Http404


def contribution_for_page(
    pk: int, *, own_ids: Sequence[int] = (), user: Visitor = None
) -> Contribution:
    """A published contribution of any public kind, or one of the visitor's own (not withdrawn);
    page feedback is never shown; else 404."""
    contribution = get_object_or_404(
        Contribution.objects.select_related(
            "process", "opportunity__phase__process", "target_type"
        ).exclude(kind=Kind.PAGE_FEEDBACK),
        pk=pk,
    )
    if contribution.moderation_state == ModerationState.PUBLISHED:
        return contribution
    is_own = contribution.pk in own_ids or (
        user is not None and user.is_authenticated and contribution.author_id == user.pk
    )
    if is_own and contribution.moderation_state != ModerationState.WITHDRAWN:
        return contribution
    raise Http404


def supported_ids(ideas: Sequence[Contribution], supporter_key: str | None) -> set[int]:
    """Which of these ideas the visitor already supports (one query)."""
    if not supporter_key or not ideas:
        return set()
    return set(
        Support.objects.filter(
            contribution__in=[idea.pk for idea in ideas],
            supporter_key=supporter_key,
            confirmed_at__isnull=False,
        ).values_list("contribution_id", flat=True)
    )


def comments_published(target: models.Model) -> QuerySet[Contribution]:
    """Top-level published comments on an object, oldest first, with their published replies
    prefetched (two queries per page, whatever the number of comments and replies)."""
    replies = Contribution.objects.published().filter(kind=Kind.REPLY).order_by("received_at", "pk")
    return (
        Contribution.objects.published()
        .for_target(target)
        .filter(kind=Kind.COMMENT)
        .order_by("received_at", "pk")
        .prefetch_related(Prefetch("replies", queryset=replies, to_attr="published_replies"))
    )


def comment_page_number(comment: Contribution) -> int:
    """The page of its thread (`comments_published`, COMMENTS_PER_PAGE to a page) that shows
    a comment, or the comment a reply answers: one query."""
    parent = comment.parent if comment.kind == Kind.REPLY else None
    shown = parent if parent is not None else comment
    before = (
        Contribution.objects.published()
        .filter(target_type_id=shown.target_type_id, target_id=shown.target_id, kind=Kind.COMMENT)
        .filter(
            models.Q(received_at__lt=shown.received_at)
            | models.Q(received_at=shown.received_at, pk__lt=shown.pk)
        )
        .count()
    )
    return before // COMMENTS_PER_PAGE + 1


def comment_count(target: models.Model) -> int:
    """Published comments and replies on one object."""
    return (
        Contribution.objects.published()
        .for_target(target)
        .filter(kind__in=DISCUSSION_KINDS)
        .count()
    )


def published_comment_counts(targets: Sequence[models.Model]) -> dict[int, int]:
    """Published comments and replies per object, for a list of objects of one model (one
    query); objects without comments map to 0."""
    targets = list(targets)
    if not targets:
        return {}
    content_type = ContentType.objects.get_for_model(targets[0])
    counts = dict(
        Contribution.objects.filter(
            target_type=content_type,
            target_id__in=[target.pk for target in targets],
            kind__in=DISCUSSION_KINDS,
            moderation_state=ModerationState.PUBLISHED,
        )
        .order_by()
        .values_list("target_id")
        .annotate(n=Count("pk"))
        .values_list("target_id", "n")
    )
    return {target.pk: counts.get(target.pk, 0) for target in targets}


def own_contributions(
    *, user: Visitor = None, own_ids: Sequence[int] = ()
) -> QuerySet[Contribution]:
    """What a visitor sent: by their account, or remembered in their session when anonymous."""
    condition = models.Q(pk__in=list(own_ids))
    if user is not None and user.is_authenticated:
        condition |= models.Q(author=user)
    return (
        Contribution.objects.filter(condition)
        .exclude(kind=Kind.PAGE_FEEDBACK)
        .select_related("opportunity__phase__process", "process")
        .order_by("-received_at", "-pk")
    )

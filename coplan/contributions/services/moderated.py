"""What moderation decisions change on the contributions: discussion counts and flags."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..models import Contribution, Flag, Kind, ModerationState

# Comments and replies are what "most discussed" counts.
DISCUSSION_KINDS = (Kind.COMMENT, Kind.REPLY)


def discussion_counts_refresh(*, target_ids: Iterable[int]) -> None:
    """Recount the published comments and replies of ideas (after moderation decisions).

    Recounting, not incrementing, keeps the figure exact whatever the order of decisions.
    """
    ids = sorted(set(target_ids))
    if not ids:
        return
    idea_type = ContentType.objects.get_for_model(Contribution)
    published = (
        Contribution.objects.filter(
            target_type=idea_type,
            target_id=OuterRef("pk"),
            kind__in=DISCUSSION_KINDS,
            moderation_state=ModerationState.PUBLISHED,
        )
        .order_by()
        .values("target_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    Contribution.objects.filter(pk__in=ids).update(
        comment_count=Coalesce(Subquery(published), Value(0))
    )


def flags_resolve(*, contribution_ids: Iterable[int]) -> int:
    """Mark the open flags of these contributions as dealt with."""
    ids = list(contribution_ids)
    open_flags = Flag.objects.filter(contribution_id__in=ids, resolved_at__isnull=True)
    resolved = open_flags.update(resolved_at=timezone.now())
    Contribution.objects.filter(pk__in=ids).update(flag_count=0)
    return resolved


def contribution_lock_unless_withdrawn(*, contribution: Contribution, refusal: str) -> None:
    """Lock the contribution's row in the caller's transaction and refuse it (`refusal`, code
    "withdrawn") if its author withdrew it: a withdrawal committed meanwhile is seen here, and
    none can slip in before the caller's transaction ends."""
    state = (
        Contribution.objects.select_for_update()
        .filter(pk=contribution.pk)
        .values_list("moderation_state", flat=True)
        .first()
    )
    if state is None or state == ModerationState.WITHDRAWN:
        raise ValidationError(refusal, code="withdrawn")

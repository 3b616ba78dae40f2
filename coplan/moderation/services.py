"""Moderation decisions: one function, many contributions, all or nothing, always logged."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coplan.accounts.models import User
from coplan.contributions.decisions import decided
from coplan.contributions.models import MODERATION_TRANSITIONS, Contribution, Kind, ModerationState
from coplan.contributions.pagescopes import decision_drops_pages
from coplan.contributions.services import discussion_counts_refresh, flags_resolve

from .models import Action, Decision, ModerationReason

# Where each action leads; the allowed "from" states are the contributions' transitions.
ACTION_TARGET: dict[str, str] = {
    Action.APPROVE: ModerationState.PUBLISHED,
    Action.REJECT: ModerationState.REJECTED,
    Action.HIDE: ModerationState.HIDDEN,
    Action.RESTORE: ModerationState.PUBLISHED,
}
# Rejecting and hiding must say which rule of participation was broken.
ACTIONS_NEEDING_REASON = frozenset({Action.REJECT, Action.HIDE})
# Restore is only for hidden items; approve only for pending or rejected ones.
ALLOWED_FROM: dict[str, set[str]] = {
    Action.APPROVE: {ModerationState.PENDING, ModerationState.REJECTED},
    Action.RESTORE: {ModerationState.HIDDEN},
}
MAX_BATCH = 500
NOTE_MAX_LENGTH = 2000


def _check_transition(contribution: Contribution, action: str) -> str:
    current = contribution.moderation_state
    if action == Action.DISMISS_FLAGS:
        if current != ModerationState.PUBLISHED:
            raise ValidationError(
                _("Contribution %(number)s is not published: there are no reports to dismiss.")
                % {"number": contribution.pk}
            )
        return current
    new = ACTION_TARGET[action]
    allowed_from = ALLOWED_FROM.get(action)
    if new not in MODERATION_TRANSITIONS.get(current, frozenset()) or (
        allowed_from is not None and current not in allowed_from
    ):
        raise ValidationError(
            _("Contribution %(number)s cannot go from “%(current)s” to “%(new)s”.")
            % {
                "number": contribution.pk,
                "current": ModerationState(current).label,
                "new": ModerationState(new).label,
            }
        )
    return new


def contributions_moderate(
    *,
    contribution_ids: Iterable[int],
    action: str,
    moderator: User | None,
    reason: ModerationReason | None = None,
    note: str = "",
    decided_at: datetime.datetime | None = None,
) -> int:
    """Apply one decision to one or many contributions and log it for each; nothing changes if
    any of them cannot take the decision. Returns how many were decided.

    `decided_at` records a decision taken earlier (a past consultation's log, the demo's
    history): the log is append-only, so it must be written with its real time, never later.
    """
    ids = sorted({int(pk) for pk in contribution_ids})
    note = _decision_checked(ids, action, reason, note)
    now = _decision_time(decided_at)
    with transaction.atomic():
        contributions = _locked(ids)
        decisions = [
            Decision(
                contribution=contribution,
                action=action,
                from_state=contribution.moderation_state,
                to_state=_check_transition(contribution, action),
                reason=reason,
                note=note,
                moderator=moderator,
                decided_at=now,
            )
            for contribution in contributions
        ]
        if action != Action.DISMISS_FLAGS:
            _states_apply(decisions, action, now)
        Decision.objects.bulk_create(decisions)
        _decision_followed(contributions, ids, action)
    return len(decisions)


def _locked(ids: list[int]) -> list[Contribution]:
    """The contributions to decide on, locked until the decision is stored; all of them."""
    contributions = list(Contribution.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    if len(contributions) != len(ids):
        raise ValidationError(_("Some of the selected contributions no longer exist."))
    return contributions


def _decision_checked(
    ids: list[int], action: str, reason: ModerationReason | None, note: str
) -> str:
    """Refuse a decision that cannot be taken as asked; the note, trimmed."""
    if not ids:
        raise ValidationError(_("Select at least one contribution."))
    if len(ids) > MAX_BATCH:
        raise ValidationError(
            _("Decide on at most %(limit)s contributions at once.") % {"limit": MAX_BATCH}
        )
    if action not in Action.values:
        raise ValidationError(_("Unknown moderation action."))
    if action in ACTIONS_NEEDING_REASON and reason is None:
        raise ValidationError(_("Choose the rule of participation that applies."))
    if reason is not None and not reason.is_active:
        raise ValidationError(_("This reason is no longer in use."))
    note = (note or "").strip()
    if len(note) > NOTE_MAX_LENGTH or "\x00" in note:
        raise ValidationError(
            _("Please keep the note under %(limit)s characters.") % {"limit": NOTE_MAX_LENGTH}
        )
    return note


def _decision_time(decided_at: datetime.datetime | None) -> datetime.datetime:
    """Now, or the real time of a decision taken earlier (never in the future)."""
    now = timezone.now()
    if decided_at is not None and decided_at > now:
        raise ValidationError(_("A decision cannot be dated in the future."))
    return decided_at or now


def _states_apply(decisions: list[Decision], action: str, now: datetime.datetime) -> None:
    """Move the contributions to their new states, one update per state."""
    by_new_state: dict[str, list[int]] = {}
    ids_by_kind: dict[str, list[int]] = {}
    for decision in decisions:
        contribution = decision.contribution
        by_new_state.setdefault(decision.to_state, []).append(contribution.pk)
        ids_by_kind.setdefault(contribution.kind, []).append(contribution.pk)
    for new, pks in by_new_state.items():
        Contribution.objects.filter(pk__in=pks).update(moderation_state=new, moderated_at=now)
    # Apps that act on a decision (a proposed session shown, its proposer emailed) hear of it
    # once it is committed.
    new_state = ACTION_TARGET[action]
    transaction.on_commit(lambda: decided(ids_by_kind=ids_by_kind, new_state=new_state))


def _decision_followed(contributions: list[Contribution], ids: list[int], action: str) -> None:
    """What a decision changes elsewhere: cached pages, flags, discussion counts."""
    # Public pages show what was decided: cached copies go once the decision is stored, those
    # that show these contributions only (the contributions are as they were before it).
    transaction.on_commit(lambda: decision_drops_pages(contributions))
    if action in {Action.HIDE, Action.DISMISS_FLAGS}:
        flags_resolve(contribution_ids=ids)
    # Ideas show how many published comments they have: recount the ones concerned.
    idea_type = ContentType.objects.get_for_model(Contribution)
    discussion_counts_refresh(
        target_ids=[
            c.target_id
            for c in contributions
            if c.kind in (Kind.COMMENT, Kind.REPLY)
            and c.target_type_id == idea_type.pk
            and c.target_id is not None
        ]
    )


def reason_save(
    *, data: Mapping[str, Any], reason: ModerationReason | None = None
) -> ModerationReason:
    """Create or change a reason moderators give (quoted from the rules of participation).

    Reasons are never deleted, since the moderation log cites them: one no longer in use is
    set aside (`is_active` false) and stops being offered."""
    reason = reason or ModerationReason()
    for name, value in data.items():
        setattr(reason, name, value)
    reason.full_clean()
    reason.save()
    return reason

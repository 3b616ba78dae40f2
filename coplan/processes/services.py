from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coplan.core.pagecache import bump_content_version

from .models import Opportunity, OpportunityStatusChange


def opportunity_status_set(
    *, opportunity: Opportunity, status: str, by_scheduler: bool = False
) -> Opportunity:
    """Move an opportunity to a new status if the transition is allowed, and record it.

    The one way an opportunity's status changes, whoever asks: the scheduler (its dates), a
    staff page, the admin. Each change that happens is stored as an `OpportunityStatusChange`,
    and that record is what higher apps listen to (notifications announces an opening or a
    closing from it), so no path can change a status without the change being announced.
    Setting the status it already has does nothing and records nothing; a transition that
    `Opportunity.TRANSITIONS` does not allow raises a translated `ValidationError`.
    """
    current = opportunity.status
    if status == current:
        return opportunity
    _check_transition(current, status)
    with transaction.atomic():
        # Conditional update: two schedulers racing record the change only once.
        changed = Opportunity.objects.filter(pk=opportunity.pk, status=current).update(
            status=status
        )
        if changed:
            # The conditional update sends no save signal: drop cached public pages ourselves.
            transaction.on_commit(bump_content_version)
            OpportunityStatusChange.objects.create(
                opportunity=opportunity,
                from_status=current,
                to_status=status,
                by_scheduler=by_scheduler,
            )
    opportunity.status = status
    return opportunity


def _check_transition(current: str, status: str) -> None:
    if status not in Opportunity.Status.values:
        raise ValidationError(_("This is not a status an opportunity can have."))
    if status not in Opportunity.TRANSITIONS.get(current, frozenset()):
        raise ValidationError(
            _("An opportunity cannot go from “%(current)s” to “%(new)s”.")
            % {
                "current": Opportunity.Status(current).label,
                "new": Opportunity.Status(status).label,
            }
        )


def opportunity_open(*, opportunity: Opportunity, by_scheduler: bool = False) -> Opportunity:
    """Open an opportunity for input (from “to be announced”, or reopen a closed one)."""
    return opportunity_status_set(
        opportunity=opportunity, status=Opportunity.Status.OPEN, by_scheduler=by_scheduler
    )


def opportunity_close(*, opportunity: Opportunity, by_scheduler: bool = False) -> Opportunity:
    """Close an opportunity: it stops accepting input."""
    return opportunity_status_set(
        opportunity=opportunity, status=Opportunity.Status.CLOSED, by_scheduler=by_scheduler
    )


def opportunities_sync_status(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Open what has reached its opening time and close what has passed its closing time."""
    now = now or timezone.now()
    counts = {"opened": 0, "closed": 0}
    to_open = Opportunity.objects.filter(
        status=Opportunity.Status.ANNOUNCED, opens_at__lte=now
    ).exclude(closes_at__lte=now)
    for opportunity in to_open:
        opportunity_open(opportunity=opportunity, by_scheduler=True)
        counts["opened"] += 1
    to_close = Opportunity.objects.filter(
        status__in=[Opportunity.Status.OPEN, Opportunity.Status.ANNOUNCED], closes_at__lte=now
    )
    for opportunity in to_close:
        opportunity_close(opportunity=opportunity, by_scheduler=True)
        counts["closed"] += 1
    return counts

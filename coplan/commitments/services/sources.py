"""Where a commitment came from: contributions linked to it, with the reasoned response."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coplan.accounts.models import User
from coplan.contributions.models import Contribution
from coplan.contributions.services import contribution_lock_unless_withdrawn
from coplan.core.text import clean_public_text

from ..models import (
    Commitment,
    ContributionLink,
)
from ..models.drafting import REASON_MAX_LENGTH


def contribution_link(
    *,
    contribution: Contribution,
    commitment: Commitment,
    user: User,
    relation: str,
    response_en: str,
    response_fr: str,
) -> ContributionLink:
    """Record that a contribution inspired a commitment, with the reasoned response."""
    if contribution.process_id != commitment.process_id:
        raise ValidationError(
            _("This contribution belongs to another consultation."), code="process"
        )
    response_en = clean_public_text(response_en, max_length=REASON_MAX_LENGTH)
    response_fr = clean_public_text(response_fr, max_length=REASON_MAX_LENGTH)
    with transaction.atomic():
        # Locked, so a withdrawal cannot slip in between this check and the link.
        contribution_lock_unless_withdrawn(
            contribution=contribution,
            refusal=_(
                "Its author withdrew this contribution: it can no longer be linked or answered."
            ),
        )
        link, _created = ContributionLink.objects.update_or_create(
            contribution=contribution,
            commitment=commitment,
            defaults={
                "relation": relation,
                "response_en": response_en,
                "response_fr": response_fr,
                "linked_by": user,
                "linked_at": timezone.now(),
            },
        )
    return link


def contribution_unlink(*, link: ContributionLink) -> None:
    with transaction.atomic():
        link.delete()

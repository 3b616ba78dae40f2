"""Partnerships: the lead named by staff, partners invited who confirm or decline their role."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coplan.accounts.models import Organisation, User
from coplan.core.text import clean_public_text

from ..models import (
    ActorKind,
    Commitment,
    CommitmentActor,
    PartnershipStatus,
)
from ..models.commitment import PARTNERSHIP_TRANSITIONS


def actor_add(
    *,
    commitment: Commitment,
    organisation: Organisation,
    kind: str,
    role_en: str = "",
    role_fr: str = "",
) -> CommitmentActor:
    """Name a lead (confirmed at once) or invite a partner (who must confirm its role)."""
    if CommitmentActor.objects.filter(
        commitment=commitment, organisation=organisation, kind=kind
    ).exists():
        raise ValidationError(
            _("%(organisation)s already has this role in this commitment.")
            % {"organisation": organisation.name},
            code="duplicate",
        )
    with transaction.atomic():
        actor = CommitmentActor(
            commitment=commitment,
            organisation=organisation,
            kind=kind,
            role_en=clean_public_text(role_en, max_length=500, required=False),
            role_fr=clean_public_text(role_fr, max_length=500, required=False),
            status=(
                PartnershipStatus.CONFIRMED if kind == ActorKind.LEAD else PartnershipStatus.INVITED
            ),
            position=commitment.actors.count() + 1,
        )
        actor.full_clean()
        actor.save()
    return actor


def actor_respond(*, actor: CommitmentActor, user: User, confirm: bool) -> CommitmentActor:
    """The invited organisation (one of its members) confirms or declines its role."""
    if not user.has_perm("commitments.respond_partnership", actor):
        raise PermissionDenied(_("Only the invited organisation can answer this invitation."))
    status = PartnershipStatus.CONFIRMED if confirm else PartnershipStatus.DECLINED
    if status not in PARTNERSHIP_TRANSITIONS[actor.status]:
        raise ValidationError(
            _("This role is already “%(status)s”.") % {"status": actor.get_status_display()},
            code="same",
        )
    with transaction.atomic():
        actor.status = status
        actor.responded_at = timezone.now()
        actor.responded_by = user
        actor.save(update_fields=["status", "responded_at", "responded_by"])
    return actor

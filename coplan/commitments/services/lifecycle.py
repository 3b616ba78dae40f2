"""A commitment's status: which moves each role may make, and what a move needs."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coplan.accounts.models import User
from coplan.core.pagecache import bump_content_version
from coplan.core.text import clean_public_text

from ..models import (
    TEXT_FIELDS,
    TRANSITIONS,
    ActorKind,
    Commitment,
    CommitmentTransition,
    Status,
)
from ..models.drafting import REASON_MAX_LENGTH
from .versions import LANGUAGES


def missing_template_fields(commitment: Commitment) -> list[str]:
    """Template parts still empty in either language (a draft plan needs them all)."""
    missing = []
    for name in TEXT_FIELDS:
        for language in LANGUAGES:
            if not (getattr(commitment, f"{name}_{language}") or "").strip():
                label = _field_label(name)
                missing.append(
                    _("%(field)s (%(language)s)")
                    % {"field": label, "language": dict(_language_labels())[language]}
                )
    if not commitment.ogp_values:
        missing.append(str(Commitment._meta.get_field("ogp_values").verbose_name))
    if not (commitment.starts_on and commitment.ends_on):
        missing.append(_("start and end dates"))
    if not commitment.actors.filter(kind=ActorKind.LEAD).exists():
        missing.append(_("lead implementing organisation"))
    if not commitment.milestones.exists():
        missing.append(_("milestones"))
    return missing


def _field_label(name: str) -> str:
    field = Commitment._meta.get_field(name)
    return str(getattr(field, "verbose_name", name))


def _language_labels() -> list[tuple[str, str]]:
    return [("en", _("English")), ("fr", _("French"))]


def allowed_transitions(commitment: Commitment, user: User) -> list[str]:
    """The statuses this user may move this commitment to now."""
    return [
        status
        for status, allowed_roles in TRANSITIONS.get(commitment.status, {}).items()
        if any(user.has_role(role) for role in allowed_roles)
    ]


def commitment_transition(
    *,
    commitment: Commitment,
    to_status: str,
    user: User,
    reason_en: str = "",
    reason_fr: str = "",
) -> CommitmentTransition:
    """Move a commitment along its lifecycle if the move and the user's role allow it."""
    current = commitment.status
    _check_move(current, to_status, user)
    reason_en = clean_public_text(reason_en, max_length=REASON_MAX_LENGTH, required=False)
    reason_fr = clean_public_text(reason_fr, max_length=REASON_MAX_LENGTH, required=False)
    _check_ready_for(commitment, to_status, reason_en, reason_fr)
    withdrawal = (
        {"withdrawal_reason_en": reason_en, "withdrawal_reason_fr": reason_fr}
        if to_status == Status.WITHDRAWN
        else {}
    )
    with transaction.atomic():
        _move_if_unchanged(commitment, current, to_status, withdrawal)
        record = CommitmentTransition.objects.create(
            commitment=commitment,
            from_status=current,
            to_status=to_status,
            by=user,
            organisation_id=user.organisation_id,
            reason_en=reason_en,
            reason_fr=reason_fr,
        )
    commitment.status = to_status
    for name, value in withdrawal.items():
        setattr(commitment, name, value)
    return record


def _check_move(current: str, to_status: str, user: User) -> None:
    """The lifecycle allows this move, and the user's role allows them to make it."""
    labels = {"current": Status(current).label, "new": Status(to_status).label}
    allowed_roles = TRANSITIONS.get(current, {}).get(to_status)
    if allowed_roles is None:
        raise ValidationError(
            _("A commitment cannot go from “%(current)s” to “%(new)s”.") % labels,
            code="illegal_transition",
        )
    if not any(user.has_role(role) for role in allowed_roles):
        raise PermissionDenied(
            _("Your role does not allow moving a commitment from “%(current)s” to “%(new)s”.")
            % labels
        )


def _check_ready_for(
    commitment: Commitment, to_status: str, reason_en: str, reason_fr: str
) -> None:
    """A withdrawal says why in both languages; a draft plan needs the whole template."""
    if to_status == Status.WITHDRAWN and not (reason_en and reason_fr):
        raise ValidationError(
            _("Withdrawing a commitment needs a public reason in English and in French."),
            code="reason_required",
        )
    missing = missing_template_fields(commitment) if to_status == Status.IN_DRAFT_PLAN else []
    if missing:
        raise ValidationError(
            _("The template is not complete. Still missing: %(fields)s.")
            % {"fields": "; ".join(str(item) for item in missing)},
            code="incomplete",
        )


def _move_if_unchanged(
    commitment: Commitment, current: str, to_status: str, withdrawal: dict[str, str]
) -> None:
    """Change the status only if no one changed it since it was read (a conditional UPDATE)."""
    changed = Commitment.objects.filter(pk=commitment.pk, status=current).update(
        status=to_status, updated_at=timezone.now(), **withdrawal
    )
    bump_content_version()
    if not changed:
        raise ValidationError(
            _("This commitment's status changed meanwhile. Reload the page and try again."),
            code="stale",
        )

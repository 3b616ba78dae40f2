"""One voice per person for idea supports, under the opportunity's voice rule.

- open: once per browser session (as every support was before the rule existed);
- account: once per signed-in account; visitors are asked to sign in;
- confirmed email: the visitor gives an address; a single-use signed link, bound to the
  opportunity and the idea, is emailed in their language; only a confirmed support counts, once
  per address per idea (a keyed hash of the normalised address). The address is erased as soon as
  it is confirmed.
"""

from __future__ import annotations

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from coplan.core.pagecache import bump_process_counts_at_most_every
from coplan.privacy.services import address_key
from coplan.processes.models import Opportunity

from .models import Contribution, Kind, ModerationState, Support

CONFIRMATION_SALT = "coplan.contributions.support-confirmation"
# Long enough to read one's mail the same day, short enough that a leaked link soon dies.
CONFIRMATION_MAX_AGE = 2 * 24 * 3600
EMAIL_KEY_PREFIX = "email:"

VoiceRule = Opportunity.VoiceRule


def _ensure_supportable(idea: Contribution) -> None:
    from .services import _ensure_accepting

    if idea.kind != Kind.IDEA or idea.moderation_state != ModerationState.PUBLISHED:
        raise ValidationError(_("Only published ideas can be supported."))
    _ensure_accepting(idea.opportunity)


def _count(idea: Contribution) -> None:
    from .services import SUPPORT_COUNT_DELAY

    Contribution.objects.filter(pk=idea.pk).update(support_count=F("support_count") + 1)
    # The count shows on the idea's process's pages alone: only they are dropped.
    process_id = idea.process_id
    transaction.on_commit(
        lambda: bump_process_counts_at_most_every(SUPPORT_COUNT_DELAY, "supports", process_id)
    )


def support_request(*, idea: Contribution, email: str, language: str) -> Support | None:
    """Record a support waiting for its address to be confirmed and send the link.

    Returns None when this address already confirmed its support for the idea (nothing sent).
    Asking again before confirming sends a fresh link (the earlier one stops working).
    """
    if idea.opportunity is None or idea.opportunity.voice_rule != VoiceRule.CONFIRMED_EMAIL:
        raise ValidationError(_("This idea is not supported by email confirmation."))
    _ensure_supportable(idea)
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            {"email": [_("Enter a valid email address.")]}, code="invalid"
        ) from None
    key = EMAIL_KEY_PREFIX + address_key(email)
    with transaction.atomic():
        support, created = Support.objects.select_for_update().get_or_create(
            contribution=idea,
            supporter_key=key,
            defaults={"email": email, "language": language},
        )
        if support.confirmed_at is not None:
            return None
        if not created:
            # A new link: the creation time is part of what the link signs, so the old one dies.
            support.email, support.language, support.created_at = email, language, timezone.now()
            support.save(update_fields=["email", "language", "created_at"])
        from .tasks import support_confirmation_send

        transaction.on_commit(lambda: support_confirmation_send.enqueue(support.pk))
    return support


def confirmation_token(support: Support) -> str:
    """Signed: the support, its idea, its opportunity and the request's time (single use)."""
    return signing.TimestampSigner(salt=CONFIRMATION_SALT).sign_object(
        [
            support.pk,
            support.contribution_id,
            support.contribution.opportunity_id,
            support.created_at.timestamp(),
        ]
    )


def support_confirm(*, idea_pk: int, token: str) -> Contribution:
    """Count a support whose address was confirmed; any bad link changes nothing."""
    signer = signing.TimestampSigner(salt=CONFIRMATION_SALT)
    try:
        support_pk, contribution_pk, opportunity_pk, requested = signer.unsign_object(
            token, max_age=CONFIRMATION_MAX_AGE
        )
    except signing.SignatureExpired:
        raise ValidationError(
            _(
                "This confirmation link has expired. Please support the idea again to get a "
                "new one."
            ),
            code="expired",
        ) from None
    except (signing.BadSignature, ValueError, TypeError):
        raise ValidationError(_("This confirmation link is not valid."), code="invalid") from None
    if contribution_pk != idea_pk:
        raise ValidationError(_("This confirmation link is for another idea."), code="mismatch")
    with transaction.atomic():
        support = (
            # Only the support row is locked (the idea's opportunity is an outer join).
            Support.objects.select_for_update(of=("self",))
            .select_related("contribution__opportunity")
            .filter(pk=support_pk, contribution_id=contribution_pk)
            .first()
        )
        if (
            support is None
            or support.contribution.opportunity_id != opportunity_pk
            or support.created_at.timestamp() != requested
        ):
            raise ValidationError(
                _("This confirmation link is no longer valid. Please support the idea again."),
                code="invalid",
            )
        if support.confirmed_at is not None:
            raise ValidationError(
                _("This confirmation link has already been used: your support is counted."),
                code="used",
            )
        _ensure_supportable(support.contribution)
        support.confirmed_at = timezone.now()
        support.email = ""  # counted once by its keyed hash: the address is no longer needed
        support.language = ""
        support.save(update_fields=["confirmed_at", "email", "language"])
        _count(support.contribution)
    return support.contribution


def ensure_rule_allows_direct(idea: Contribution, user) -> None:
    """A support given in one click: refused when the rule asks for an account or an address."""
    rule = idea.opportunity.voice_rule if idea.opportunity is not None else VoiceRule.OPEN
    if rule == VoiceRule.ACCOUNT and user is None:
        raise ValidationError(_("Please sign in to support this idea."), code="sign_in")
    if rule == VoiceRule.CONFIRMED_EMAIL:
        raise ValidationError(
            _("Give your email address: your support counts once you confirm it."),
            code="email_required",
        )

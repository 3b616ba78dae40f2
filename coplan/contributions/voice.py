"""One voice per person for idea supports, under the opportunity's voice rule.

- open: once per browser session (as every support was before the rule existed);
- account: once per signed-in account; visitors are asked to sign in;
- confirmed email: the visitor gives an address; only a confirmed support counts, once per
  address per idea (a keyed hash of the normalised address). The link, its message and its
  checks are the shared confirmation machinery (confirmation.py), which questionnaire answers
  use too.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coplan.processes.models import Opportunity

from . import confirmation
from .models import Contribution, Kind, ModerationState, Support
from .pagescopes import support_drops_pages

KIND = "support"
CONFIRMATION_SALT = "coplan.contributions.support-confirmation"
CONFIRMATION_MAX_AGE = confirmation.CONFIRMATION_MAX_AGE

VoiceRule = Opportunity.VoiceRule


def _ensure_supportable(idea: Contribution) -> None:
    from .services.participation import _ensure_accepting

    if idea.kind != Kind.IDEA or idea.moderation_state != ModerationState.PUBLISHED:
        raise ValidationError(_("Only published ideas can be supported."))
    _ensure_accepting(idea.opportunity)


def _count(idea: Contribution) -> None:
    from .services.participation import SUPPORT_COUNT_DELAY

    Contribution.objects.filter(pk=idea.pk).update(support_count=F("support_count") + 1)
    # The count shows on the idea's page and its list alone: only they are dropped.
    transaction.on_commit(lambda: support_drops_pages(idea, SUPPORT_COUNT_DELAY))


def support_request(*, idea: Contribution, email: str, language: str) -> Support | None:
    """Record a support waiting for its address to be confirmed and send the link.

    Returns None when this address already confirmed its support for the idea (nothing sent).
    Asking again before confirming sends a fresh link (the earlier one stops working).
    """
    if idea.opportunity is None or idea.opportunity.voice_rule != VoiceRule.CONFIRMED_EMAIL:
        raise ValidationError(_("This idea is not supported by email confirmation."))
    _ensure_supportable(idea)
    email, key = confirmation.normalised_address(email)
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
        confirmation.request_send(KIND, support)
    return support


def support_pending(*, idea_pk: int, token: str) -> Support:
    """The support a confirmation link names, still waiting (the page with the button)."""
    return confirmation.check(KIND, page_pk=idea_pk, token=token)


def support_confirm(*, idea_pk: int, token: str) -> Contribution:
    """Count a support whose address was confirmed; any bad link changes nothing."""
    return confirmation.confirm(KIND, page_pk=idea_pk, token=token).contribution


def register() -> None:
    """Called from the app's wiring module: supports use the shared confirmation."""
    confirmation.register(
        confirmation.Confirmable(
            kind=KIND,
            model=Support,
            salt=CONFIRMATION_SALT,
            page_field="contribution_id",
            opportunity_path="contribution__opportunity_id",
            requested_field="created_at",
            url_name="contributions:support_confirm",
            email_template="contributions/email/support_confirm",
            email_context=lambda support: {"idea": support.contribution},
            ensure_open=lambda support: _ensure_supportable(support.contribution),
            count=lambda support: _count(support.contribution),
            messages=confirmation.Messages(
                expired=gettext_lazy(
                    "This confirmation link has expired. Please support the idea again to get "
                    "a new one."
                ),
                other_page=gettext_lazy("This confirmation link is for another idea."),
                stale=gettext_lazy(
                    "This confirmation link is no longer valid. Please support the idea again."
                ),
                used=gettext_lazy(
                    "This confirmation link has already been used: your support is counted."
                ),
            ),
            clear_on_confirm=("language",),
        )
    )


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

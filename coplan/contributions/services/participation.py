"""Live participation on the web: the checks that only apply there (the opportunity must be
open, anonymous input must be allowed), then `contribution_submit`; supports, flags and
withdrawals."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from coplan.accounts.models import User
from coplan.core.page_addresses import page_address_clean
from coplan.core.text import clean_public_text
from coplan.processes.models import Opportunity, Process

from ..models import FLAG_NOTE_MAX_LENGTH, Contribution, Flag, Kind, ModerationState, Support
from ..pagescopes import support_drops_pages
from .submission import contribution_submit

# Cached pages show a new support within this many seconds while supports keep coming.
SUPPORT_COUNT_DELAY = 10


def _ensure_accepting(opportunity: Opportunity | None) -> Opportunity:
    """The opportunity, if it accepts input now."""
    if opportunity is None or not opportunity.is_accepting_input():
        if opportunity is not None and opportunity.status == Opportunity.Status.CLOSED:
            raise ValidationError(
                _("This opportunity is closed: it no longer accepts new input."), code="closed"
            )
        raise ValidationError(
            _("This opportunity is not open yet: it does not accept input."), code="closed"
        )
    return opportunity


def _ensure_may_take_part(opportunity: Opportunity, author: User | None) -> None:
    if author is None and not opportunity.allows_anonymous:
        raise ValidationError(_("Please sign in to take part in this opportunity."), code="sign_in")


def idea_submit(
    *,
    opportunity: Opportunity,
    title: str,
    text: str,
    author: User | None = None,
    contact_name: str = "",
    contact_email: str = "",
    consent_to_publish: bool,
    province: str = "",
    external_ref: str = "",
) -> Contribution:
    """A new idea on an open call for ideas (pending until a moderator approves it)."""
    _ensure_accepting(opportunity)
    _ensure_may_take_part(opportunity, author)
    return contribution_submit(
        process=opportunity.phase.process,
        opportunity=opportunity,
        kind=Kind.IDEA,
        title=title,
        text=text,
        author=author,
        contact_name=contact_name,
        contact_email=contact_email,
        consent_to_publish=consent_to_publish,
        province=province,
        external_ref=external_ref,
        provenance={"form": "idea"},
    )


def comment_submit(
    *,
    process: Process,
    opportunity: Opportunity,
    target: models.Model,
    text: str,
    parent: Contribution | None = None,
    author: User | None = None,
    contact_name: str = "",
    contact_email: str = "",
    consent_to_publish: bool,
    external_ref: str = "",
) -> Contribution:
    """A comment on a commentable object, or a reply to one of its published comments."""
    _ensure_may_take_part(opportunity, author)
    if parent is not None:
        same_target = (
            parent.target_type_id == ContentType.objects.get_for_model(target).pk
            and parent.target_id == target.pk
        )
        if not same_target:
            raise ValidationError(_("This comment belongs to another page."))
    return contribution_submit(
        process=process,
        opportunity=opportunity,
        kind=Kind.REPLY if parent is not None else Kind.COMMENT,
        target=target,
        parent=parent,
        text=text,
        author=author,
        contact_name=contact_name,
        contact_email=contact_email,
        consent_to_publish=consent_to_publish,
        external_ref=external_ref,
        provenance={"form": "comment"},
    )


def page_feedback_submit(
    *,
    process: Process,
    page_url: str,
    useful: bool | None,
    text: str,
    author: User | None = None,
    external_ref: str = "",
) -> Contribution:
    """ "Share your thoughts": was this page useful, and a comment, with the page's address."""
    return contribution_submit(
        process=process,
        opportunity=None,
        kind=Kind.PAGE_FEEDBACK,
        text=text,
        # Whatever path brings the address: no query string, no token is stored.
        page_url=page_address_clean(page_url),
        page_useful=useful,
        author=author,
        consent_to_publish=False,
        external_ref=external_ref,
        provenance={"form": "page_feedback"},
    )


def idea_support(*, idea: Contribution, supporter_key: str, user: User | None = None) -> bool:
    """Support a published idea once per person; False when this person already supports it."""
    if idea.kind != Kind.IDEA or idea.moderation_state != ModerationState.PUBLISHED:
        raise ValidationError(_("Only published ideas can be supported."))
    opportunity = _ensure_accepting(idea.opportunity)
    _ensure_may_take_part(opportunity, user)
    from ..voice import ensure_rule_allows_direct

    ensure_rule_allows_direct(idea, user)
    try:
        with transaction.atomic():
            Support.objects.create(
                contribution=idea,
                supporter_key=supporter_key,
                user=user,
                confirmed_at=timezone.now(),
            )
            Contribution.objects.filter(pk=idea.pk).update(support_count=F("support_count") + 1)
            # The count shows on the idea's page and its list alone: only they are dropped.
            transaction.on_commit(lambda: support_drops_pages(idea, SUPPORT_COUNT_DELAY))
    except IntegrityError:
        return False
    return True


def contribution_flag(
    *, contribution: Contribution, flagger_key: str, user: User | None = None, note: str = ""
) -> bool:
    """Tell moderators a published item breaks the rules; once per person. Returns whether the
    flag is new."""
    if contribution.moderation_state != ModerationState.PUBLISHED:
        raise ValidationError(_("Only published contributions can be flagged."))
    note = clean_public_text(note, max_length=FLAG_NOTE_MAX_LENGTH, required=False)
    try:
        with transaction.atomic():
            Flag.objects.create(
                contribution=contribution, flagger_key=flagger_key, user=user, note=note
            )
            Contribution.objects.filter(pk=contribution.pk).update(flag_count=F("flag_count") + 1)
    except IntegrityError:
        return False
    return True


def contribution_withdraw(*, contribution: Contribution) -> Contribution:
    """The author takes back an item still waiting for moderation."""
    with transaction.atomic():
        changed = Contribution.objects.filter(
            pk=contribution.pk, moderation_state=ModerationState.PENDING
        ).update(moderation_state=ModerationState.WITHDRAWN, moderated_at=timezone.now())
    if not changed:
        raise ValidationError(_("Only contributions waiting for moderation can be withdrawn."))
    contribution.moderation_state = ModerationState.WITHDRAWN
    return contribution

"""`contribution_submit`: the one way a single contribution enters the corpus.

Web forms, email, social media, in-person notes, questionnaires, events and amendments all come
through here: the text is checked, the place it answers is checked, a masked copy is kept for
publication, and the contribution is stored pending moderation.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from coplan.accounts.models import User
from coplan.core.text import clean_public_text
from coplan.privacy import pii
from coplan.processes.models import Opportunity, Phase, Process

from ..language import detect_language
from ..models import (
    COMMENT_MAX_LENGTH,
    PAGE_FEEDBACK_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Channel,
    Contribution,
    ContributorContact,
    Kind,
    Language,
    ModerationState,
)

CONTACT_NAME_MAX_LENGTH = 120
_MAX_LENGTH_BY_KIND: dict[str, int] = {
    Kind.COMMENT: COMMENT_MAX_LENGTH,
    Kind.REPLY: COMMENT_MAX_LENGTH,
    Kind.PAGE_FEEDBACK: PAGE_FEEDBACK_MAX_LENGTH,
}
# Related objects are passed in as instances (they exist): full_clean checks the rest.
_RELATED_FIELDS = ["process", "phase", "opportunity", "parent", "author", "target_type"]


def _phase_at(
    process: Process, when: datetime.datetime, phases: list[Phase] | None = None
) -> Phase | None:
    """The phase whose dates hold the day the contribution was received (the latest started
    when phases overlap), never the staff's override of the current phase, which is about
    today, not about the day an imported message was written."""
    phases = phases if phases is not None else list(process.phases.all())
    day = timezone.localdate(when)
    running = [p for p in phases if p.starts_on <= day and (p.ends_on is None or day <= p.ends_on)]
    return running[-1] if running else None


def phase_of(
    process: Process,
    opportunity: Opportunity | None,
    when: datetime.datetime,
    phases: list[Phase] | None = None,
) -> Phase | None:
    """The phase a contribution belongs to: the phase of the opportunity it answers (a comment on
    the draft plan is Review input, whatever other phase's dates overlap that day), else the
    phase its date falls in."""
    if opportunity is not None:
        return opportunity.phase
    return _phase_at(process, when, phases)


def clean_contact(name: str, email: str) -> tuple[str, str]:
    """The contributor's name and email as stored, or a ValidationError on the email."""
    name = clean_public_text(name or "", max_length=CONTACT_NAME_MAX_LENGTH, required=False)
    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError(
                {"contact_email": _("Enter a valid email address, or leave it empty.")}
            ) from None
    return name, email


def _stored_with_ref(channel: str, external_ref: str) -> Contribution | None:
    stored = Contribution.objects.filter(channel=channel, external_ref=external_ref)
    # The exclude repeats the unique index's condition so that SQLite can use that index.
    return stored.exclude(external_ref="").order_by().first()


def _writer_language(channel: str, author: User | None) -> str | None:
    """What is known of the writer's language: the interface they wrote in (on the web), else
    their account's; an import runs in no reader's language."""
    if channel == Channel.WEB and translation.get_language() in (Language.EN, Language.FR):
        return translation.get_language()
    return (author.preferred_language if author is not None else "") or None


def redacted_or_blank(value: str, language: str) -> str:
    """The redacted version only when something was masked (public_text falls back to text).

    The one masking rule of the corpus: apps that keep a piece of a contribution apart (an
    amendment's proposed text and reason) mask it with this, never with a rule of their own.
    """
    redacted = pii.redact(value, language)
    return redacted if redacted != value else ""


def contribution_submit(
    *,
    process: Process,
    opportunity: Opportunity | None,
    kind: str,
    text: str,
    title: str = "",
    target: models.Model | None = None,
    parent: Contribution | None = None,
    channel: str = Channel.WEB,
    author: User | None = None,
    contact_name: str = "",
    contact_email: str = "",
    consent_to_publish: bool,
    language: str | None = None,
    province: str = "",
    external_ref: str = "",
    provenance: dict[str, Any] | None = None,
    received_at: datetime.datetime | None = None,
    phase: Phase | None = None,
    page_url: str = "",
    page_useful: bool | None = None,
    text_max_length: int | None = None,
) -> Contribution:
    """Store one contribution as pending moderation; nothing is stored if any check fails.

    Idempotent by (channel, external_ref): when external_ref is given and already stored, the
    stored contribution is returned unchanged (a replayed form, an email fetched twice).
    `text_max_length` replaces the kind's limit for text made of several checked parts (an
    amendment's proposal and reason).
    """
    external_ref = (external_ref or "").strip()
    existing = _stored_with_ref(channel, external_ref) if external_ref else None
    if existing is not None:
        return existing
    submitted = Contribution(
        process=process,
        opportunity=opportunity,
        channel=channel,
        kind=kind,
        parent=parent,
        title=title,
        text=text,
        page_url=page_url,
        page_useful=page_useful,
        received_at=received_at or timezone.now(),
        external_ref=external_ref,
        provenance=provenance or {},
        consent_to_publish=consent_to_publish,
        province=province,
        author=author,
    )
    contact = _clean_submitted_text(submitted, contact_name, contact_email, text_max_length)
    _place_submitted(submitted, target)
    _complete_submitted(submitted, language, phase)
    return _store(submitted, contact)


def _clean_submitted_text(
    submitted: Contribution, contact_name: str, contact_email: str, text_max_length: int | None
) -> tuple[str, str]:
    """Clean the title, text and contact in place; every field's problem at once, else the
    contact (name, email) to store."""
    errors: dict[str, Any] = {}
    max_length = _MAX_LENGTH_BY_KIND.get(submitted.kind, TEXT_MAX_LENGTH)
    if text_max_length is not None:
        max_length = text_max_length
    title_required = submitted.kind == Kind.IDEA and submitted.channel == Channel.WEB
    contact = ("", "")
    try:
        submitted.text = clean_public_text(
            submitted.text, max_length=max_length, required=submitted.kind != Kind.PAGE_FEEDBACK
        )
    except ValidationError as error:
        errors["text"] = error.messages
    try:
        submitted.title = clean_public_text(
            submitted.title, max_length=TITLE_MAX_LENGTH, required=title_required
        )
    except ValidationError as error:
        errors["title"] = error.messages
    try:
        contact = clean_contact(contact_name, contact_email)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    if (
        submitted.kind == Kind.PAGE_FEEDBACK
        and not submitted.text
        and submitted.page_useful is None
    ):
        raise ValidationError(
            {"text": _("Tell us whether the page was useful, or leave a comment.")}
        )
    return contact


def _place_submitted(submitted: Contribution, target: models.Model | None) -> None:
    """Check where the contribution is said to go (its opportunity, the comment it answers,
    the object it is about) and attach it there."""
    opportunity, parent = submitted.opportunity, submitted.parent
    if opportunity is not None and opportunity.phase.process_id != submitted.process.pk:
        raise ValidationError(_("This opportunity belongs to another consultation."))
    if submitted.kind == Kind.REPLY and parent is None:
        raise ValidationError(_("A reply must answer a comment."))
    if parent is not None:
        _check_reply(submitted, parent)
        # A reply is about the same object as the comment it answers.
        target = parent.target
    if target is not None and target.pk is None:
        raise ValidationError(_("The object of the comment does not exist."))
    if target is not None:
        submitted.target_type = ContentType.objects.get_for_model(target)
        submitted.target_id = target.pk


def _check_reply(submitted: Contribution, parent: Contribution) -> None:
    if submitted.kind != Kind.REPLY:
        raise ValidationError(_("Only a reply can answer a comment."))
    if parent.parent_id is not None or parent.kind != Kind.COMMENT:
        raise ValidationError(_("Replies can only answer a comment, not another reply."))
    if parent.moderation_state != ModerationState.PUBLISHED:
        raise ValidationError(_("This comment is no longer available for replies."))
    if parent.process_id != submitted.process.pk:
        raise ValidationError(_("This comment belongs to another consultation."))


def _complete_submitted(submitted: Contribution, language: str | None, phase: Phase | None) -> None:
    """What the corpus knows beyond what was sent: the language, the phase, the masked copy."""
    if language is None:
        language = detect_language(
            f"{submitted.title}\n{submitted.text}",
            prior=_writer_language(submitted.channel, submitted.author),
        )
    submitted.language = language
    submitted.phase = phase or phase_of(
        submitted.process, submitted.opportunity, submitted.received_at
    )
    submitted.redacted_title = redacted_or_blank(submitted.title, language)
    submitted.redacted_text = redacted_or_blank(submitted.text, language)


def _store(submitted: Contribution, contact: tuple[str, str]) -> Contribution:
    """Save the contribution (and its contact) in one transaction; on a replay that lost the
    race, the contribution stored first."""
    # The unique constraint is checked by the database below, where it is race-free.
    submitted.full_clean(exclude=_RELATED_FIELDS, validate_constraints=False)
    name, email = contact
    try:
        with transaction.atomic():
            submitted.save(force_insert=True)
            if name or email:
                ContributorContact.objects.create(contribution=submitted, name=name, email=email)
    except IntegrityError:
        existing = (
            _stored_with_ref(submitted.channel, submitted.external_ref)
            if submitted.external_ref
            else None
        )
        if existing is not None:
            # Another request stored the same external reference first.
            return existing
        raise
    return submitted

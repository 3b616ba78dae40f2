"""Writes to the corpus: every channel stores public input through these functions.

`contribution_submit` is the one way a single contribution enters the corpus (web forms, email,
social media, in-person notes, questionnaires); `contributions_import_bulk` is its bulk twin for
large imports. The web use cases (`idea_submit`, `comment_submit`, `page_feedback_submit`) add the
checks that only apply to live participation: the opportunity must be open, anonymous input
must be allowed.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, models, transaction
from django.db.models import Count, F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from coplan.core.page_addresses import page_address_clean
from coplan.core.text import clean_public_text
from coplan.privacy import pii
from coplan.processes.models import Opportunity, Phase, Process

from .language import detect_language, detect_languages
from .models import (
    COMMENT_MAX_LENGTH,
    FLAG_NOTE_MAX_LENGTH,
    PAGE_FEEDBACK_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Channel,
    Contribution,
    ContributorContact,
    Flag,
    Kind,
    Language,
    ModerationState,
    Support,
)
from .pagescopes import support_drops_pages

# Comments and replies are what "most discussed" counts.
DISCUSSION_KINDS = (Kind.COMMENT, Kind.REPLY)
BULK_BATCH_SIZE = 1000
CONTACT_NAME_MAX_LENGTH = 120
# Cached pages show a new support within this many seconds while supports keep coming.
SUPPORT_COUNT_DELAY = 10


def _phase_at(process: Process, when: datetime.datetime, phases: list[Phase] | None = None):
    """The phase whose dates hold the day the contribution was received (the latest started
    when phases overlap), never the staff's override of the current phase, which is about
    today, not about the day an imported message was written."""
    phases = phases if phases is not None else list(process.phases.all())
    day = timezone.localdate(when)
    running = [p for p in phases if p.starts_on <= day and (p.ends_on is None or day <= p.ends_on)]
    return running[-1] if running else None


def _phase_of(
    process: Process,
    opportunity: Opportunity | None,
    when: datetime.datetime,
    phases: list[Phase] | None = None,
):
    """The phase a contribution belongs to: the phase of the opportunity it answers (a comment on
    the draft plan is Review input, whatever other phase's dates overlap that day), else the
    phase its date falls in."""
    if opportunity is not None:
        return opportunity.phase
    return _phase_at(process, when, phases)


def _clean_contact(name: str, email: str) -> tuple[str, str]:
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
    # The exclude repeats the unique index's condition so that SQLite can use that index.
    return (
        Contribution.objects.filter(channel=channel, external_ref=external_ref)
        .exclude(external_ref="")
        .order_by()
        .first()
    )


def _writer_language(channel: str, author) -> str | None:
    """What is known of the writer's language: the interface they wrote in (on the web), else
    their account's; an import runs in no reader's language."""
    if channel == Channel.WEB and translation.get_language() in (Language.EN, Language.FR):
        return translation.get_language()
    return getattr(author, "preferred_language", None) or None


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
    author=None,
    contact_name: str = "",
    contact_email: str = "",
    consent_to_publish: bool,
    language: str | None = None,
    province: str = "",
    external_ref: str = "",
    provenance: dict | None = None,
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
    if external_ref:
        existing = _stored_with_ref(channel, external_ref)
        if existing is not None:
            return existing

    text_required = kind != Kind.PAGE_FEEDBACK
    max_length = {
        Kind.COMMENT: COMMENT_MAX_LENGTH,
        Kind.REPLY: COMMENT_MAX_LENGTH,
        Kind.PAGE_FEEDBACK: PAGE_FEEDBACK_MAX_LENGTH,
    }.get(kind, TEXT_MAX_LENGTH)
    if text_max_length is not None:
        max_length = text_max_length
    errors: dict[str, Any] = {}
    try:
        text = clean_public_text(text, max_length=max_length, required=text_required)
    except ValidationError as error:
        errors["text"] = error.messages
    try:
        title = clean_public_text(
            title, max_length=TITLE_MAX_LENGTH, required=kind == Kind.IDEA and channel == "web"
        )
    except ValidationError as error:
        errors["title"] = error.messages
    try:
        contact_name, contact_email = _clean_contact(contact_name, contact_email)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    if kind == Kind.PAGE_FEEDBACK and not text and page_useful is None:
        raise ValidationError(
            {"text": _("Tell us whether the page was useful, or leave a comment.")}
        )

    if opportunity is not None and opportunity.phase.process_id != process.pk:
        raise ValidationError(_("This opportunity belongs to another consultation."))
    if kind == Kind.REPLY and parent is None:
        raise ValidationError(_("A reply must answer a comment."))
    if parent is not None:
        if kind != Kind.REPLY:
            raise ValidationError(_("Only a reply can answer a comment."))
        if parent.parent_id is not None or parent.kind != Kind.COMMENT:
            raise ValidationError(_("Replies can only answer a comment, not another reply."))
        if parent.moderation_state != ModerationState.PUBLISHED:
            raise ValidationError(_("This comment is no longer available for replies."))
        if parent.process_id != process.pk:
            raise ValidationError(_("This comment belongs to another consultation."))
        # A reply is about the same object as the comment it answers.
        target = parent.target
    if target is not None and target.pk is None:
        raise ValidationError(_("The object of the comment does not exist."))

    received_at = received_at or timezone.now()
    if language is None:
        language = detect_language(f"{title}\n{text}", prior=_writer_language(channel, author))
    if phase is None:
        phase = _phase_of(process, opportunity, received_at)
    contribution = Contribution(
        process=process,
        phase=phase,
        opportunity=opportunity,
        channel=channel,
        kind=kind,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=target.pk if target is not None else None,
        parent=parent,
        title=title,
        text=text,
        redacted_title=redacted_or_blank(title, language),
        redacted_text=redacted_or_blank(text, language),
        language=language,
        page_url=page_url,
        page_useful=page_useful,
        received_at=received_at,
        external_ref=external_ref,
        provenance=provenance or {},
        consent_to_publish=consent_to_publish,
        province=province,
        author=author,
    )
    # The unique constraint is checked by the database below, where it is race-free.
    # Related objects were passed in as instances (they exist); the rest is validated here.
    contribution.full_clean(
        exclude=["process", "phase", "opportunity", "parent", "author", "target_type"],
        validate_constraints=False,
    )
    try:
        with transaction.atomic():
            contribution.save(force_insert=True)
            if contact_name or contact_email:
                ContributorContact.objects.create(
                    contribution=contribution, name=contact_name, email=contact_email
                )
    except IntegrityError:
        if external_ref:
            existing = _stored_with_ref(channel, external_ref)
            if existing is not None:
                # Another request stored the same external reference first.
                return existing
        raise
    return contribution


def contributions_import_bulk(
    *,
    rows: Iterable[dict],
    process: Process,
    channel: str,
    opportunity: Opportunity | None = None,
    kind: str = Kind.SUBMISSION,
    consent_to_publish: bool = False,
    batch_size: int = BULK_BATCH_SIZE,
) -> tuple[int, int]:
    """Store many contributions at once (imports of 100,000 rows); return (created, duplicates).

    Each row is a dict with "text" and optionally "title", "external_ref", "received_at",
    "language", "province", "provenance", "kind", "consent_to_publish", "contact_name",
    "contact_email". Rows whose (channel, external_ref) is already stored, or repeated within
    the import, are counted as duplicates and skipped. A row that fails validation stops the
    import with a ValidationError naming its position; batches before it stay stored (each
    batch is atomic), so running the import again resumes where it stopped.
    """
    if opportunity is not None and opportunity.phase.process_id != process.pk:
        raise ValidationError(_("This opportunity belongs to another consultation."))
    phases = list(process.phases.all())
    created = duplicates = 0
    seen: set[str] = set()
    batch: list[dict] = []
    position = 0

    def flush(batch: list[dict]) -> tuple[int, int]:
        refs = [row["external_ref"] for row in batch if row["external_ref"]]
        stored = set(
            Contribution.objects.filter(channel=channel, external_ref__in=refs)
            .exclude(external_ref="")
            .values_list("external_ref", flat=True)
        )
        fresh = [
            row for row in batch if not row["external_ref"] or row["external_ref"] not in stored
        ]
        skipped = len(batch) - len(fresh)
        if not fresh:
            return 0, skipped
        to_detect = [row for row in fresh if row["language"] is None]
        for row, language in zip(
            to_detect,
            detect_languages([f"{row['title']}\n{row['text']}" for row in to_detect]),
            strict=True,
        ):
            row["language"] = language
        objects = []
        for row in fresh:
            language = row["language"]
            objects.append(
                Contribution(
                    process=process,
                    phase=_phase_of(process, opportunity, row["received_at"], phases),
                    opportunity=opportunity,
                    channel=channel,
                    kind=row["kind"],
                    title=row["title"],
                    text=row["text"],
                    redacted_title=redacted_or_blank(row["title"], language),
                    redacted_text=redacted_or_blank(row["text"], language),
                    language=language,
                    received_at=row["received_at"],
                    external_ref=row["external_ref"],
                    provenance=row["provenance"],
                    consent_to_publish=row["consent_to_publish"],
                    province=row["province"],
                )
            )
        with transaction.atomic():
            # ignore_conflicts: a concurrent import of the same rows cannot make this one fail.
            Contribution.objects.bulk_create(objects, ignore_conflicts=True)
            with_contact = [row for row in fresh if row["contact_name"] or row["contact_email"]]
            if with_contact:
                ids = dict(
                    Contribution.objects.filter(
                        channel=channel,
                        external_ref__in=[row["external_ref"] for row in with_contact],
                    ).values_list("external_ref", "pk")
                )
                existing_contacts = set(
                    ContributorContact.objects.filter(contribution_id__in=ids.values()).values_list(
                        "contribution_id", flat=True
                    )
                )
                ContributorContact.objects.bulk_create(
                    [
                        ContributorContact(
                            contribution_id=ids[row["external_ref"]],
                            name=row["contact_name"],
                            email=row["contact_email"],
                        )
                        for row in with_contact
                        if row["external_ref"] in ids
                        and ids[row["external_ref"]] not in existing_contacts
                    ]
                )
        return len(fresh), skipped

    for raw in rows:
        position += 1
        row = _import_row(raw, position=position, kind=kind, consent=consent_to_publish)
        ref = row["external_ref"]
        if ref and ref in seen:
            duplicates += 1
            continue
        if ref:
            seen.add(ref)
        batch.append(row)
        if len(batch) >= batch_size:
            new, skipped = flush(batch)
            created, duplicates = created + new, duplicates + skipped
            batch = []
    if batch:
        new, skipped = flush(batch)
        created, duplicates = created + new, duplicates + skipped
    return created, duplicates


def _import_row(raw: dict, *, position: int, kind: str, consent: bool) -> dict:
    """One import row cleaned and completed, or a ValidationError naming the row."""
    try:
        row_kind = raw.get("kind") or kind
        if row_kind not in Kind.values:
            raise ValidationError(_("Unknown kind of contribution."))
        external_ref = str(raw.get("external_ref") or "").strip()
        if len(external_ref) > 255:
            raise ValidationError(_("The external reference is too long."))
        language = raw.get("language")
        if language is not None and language not in Language.values:
            raise ValidationError(_("Unknown language."))
        received_at = raw.get("received_at") or timezone.now()
        if timezone.is_naive(received_at):
            raise ValidationError(_("The time received must include a time zone."))
        province = raw.get("province") or ""
        if province and province not in {code for code, _label in _province_choices()}:
            raise ValidationError(_("Unknown province or territory."))
        name, email = _clean_contact(raw.get("contact_name", ""), raw.get("contact_email", ""))
        return {
            "kind": row_kind,
            "text": clean_public_text(raw.get("text", ""), max_length=TEXT_MAX_LENGTH),
            "title": clean_public_text(
                raw.get("title", ""), max_length=TITLE_MAX_LENGTH, required=False
            ),
            "external_ref": external_ref,
            "language": language,
            "received_at": received_at,
            "province": province,
            "provenance": raw.get("provenance") or {},
            "consent_to_publish": bool(raw.get("consent_to_publish", consent)),
            "contact_name": name,
            "contact_email": email,
        }
    except ValidationError as error:
        raise ValidationError(
            _("Row %(number)s: %(problem)s")
            % {"number": position, "problem": " ".join(error.messages)}
        ) from None


def _province_choices():
    from .models import Province

    return Province.choices


# --- Live participation on the web -------------------------------------------------------------


def _ensure_accepting(opportunity: Opportunity | None) -> None:
    if opportunity is None or not opportunity.is_accepting_input():
        if opportunity is not None and opportunity.status == Opportunity.Status.CLOSED:
            raise ValidationError(
                _("This opportunity is closed: it no longer accepts new input."), code="closed"
            )
        raise ValidationError(
            _("This opportunity is not open yet: it does not accept input."), code="closed"
        )


def _ensure_may_take_part(opportunity: Opportunity, author) -> None:
    if author is None and not opportunity.allows_anonymous:
        raise ValidationError(_("Please sign in to take part in this opportunity."), code="sign_in")


def idea_submit(
    *,
    opportunity: Opportunity,
    title: str,
    text: str,
    author=None,
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
    author=None,
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
    author=None,
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


def idea_support(*, idea: Contribution, supporter_key: str, user=None) -> bool:
    """Support a published idea once per person; False when this person already supports it."""
    if idea.kind != Kind.IDEA or idea.moderation_state != ModerationState.PUBLISHED:
        raise ValidationError(_("Only published ideas can be supported."))
    _ensure_accepting(idea.opportunity)
    _ensure_may_take_part(idea.opportunity, user)
    from .voice import ensure_rule_allows_direct

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


def contribution_flag(*, contribution: Contribution, flagger_key: str, user=None, note: str = ""):
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
    resolved = Flag.objects.filter(contribution_id__in=ids, resolved_at__isnull=True).update(
        resolved_at=timezone.now()
    )
    Contribution.objects.filter(pk__in=ids).update(flag_count=0)
    return resolved

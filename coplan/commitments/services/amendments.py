"""Amendments: a participant proposes new text for one field of a draft; editors accept it (a
new version crediting it) or decline it, with a public response."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coplan.accounts.models import User
from coplan.contributions.models import Channel, Contribution, Kind
from coplan.contributions.services import contribution_submit, redacted_or_blank
from coplan.core.pagecache import bump_content_version
from coplan.core.text import clean_public_text

from ..models import (
    TEXT_FIELDS,
    Amendment,
    AmendmentStatus,
    Commitment,
    CommitmentVersion,
)
from ..models.commitment import TITLE_MAX_LENGTH
from ..models.drafting import AMENDMENT_TRANSITIONS, REASON_MAX_LENGTH
from .versions import (
    LANGUAGES,
    LONG_TEXT_MAX_LENGTH,
    bump_version,
    codrafting_opportunity,
    record_version,
    system_note,
)


def amendment_propose(
    *,
    commitment: Commitment,
    author: User,
    field: str,
    language: str,
    replacement: str,
    reason: str,
    external_ref: str = "",
) -> Amendment:
    """A participant proposes new text for one field of a draft; it enters moderation.

    The proposal is a contribution like any other (contribution_submit: checks, masking of
    personal information, moderation); the amendment keeps masked copies of its two parts for
    the public page. Idempotent by `external_ref` (the form's one-time token): a replayed form
    returns the amendment already stored.
    """
    _check_takes_amendment(commitment, field, language)
    replacement = clean_public_text(replacement, max_length=_max_length(field))
    reason = clean_public_text(reason, max_length=REASON_MAX_LENGTH)
    if replacement == (getattr(commitment, f"{field}_{language}") or "").strip():
        raise ValidationError(
            _("The proposed text is the same as the current text."), code="unchanged"
        )
    with transaction.atomic():
        contribution = _proposal_submit(
            commitment, author, field, language, f"{replacement}\n\n{reason}", external_ref
        )
        existing = Amendment.objects.filter(contribution=contribution).first()
        if existing is not None:
            return existing
        return Amendment.objects.create(
            commitment=commitment,
            contribution=contribution,
            field=field,
            language=language,
            replacement=replacement,
            reason=reason,
            redacted_replacement=redacted_or_blank(replacement, language),
            redacted_reason=redacted_or_blank(reason, language),
            based_on_version=commitment.version_number,
            author=author,
        )


def _max_length(field: str) -> int:
    return TITLE_MAX_LENGTH if field == "title" else LONG_TEXT_MAX_LENGTH


def _check_takes_amendment(commitment: Commitment, field: str, language: str) -> None:
    """The draft takes amendments, and the field is a part of its template."""
    if not commitment.is_codrafting:
        raise ValidationError(
            _("Amendments can be proposed only while the commitment is a draft."),
            code="not_codrafting",
        )
    if field not in TEXT_FIELDS or language not in LANGUAGES:
        raise ValidationError(_("Choose a part of the template and a language."), code="field")


def _proposal_submit(
    commitment: Commitment, author: User, field: str, language: str, text: str, external_ref: str
) -> Contribution:
    """The proposal as a contribution answering the co-drafting opportunity."""
    opportunity = codrafting_opportunity(commitment.process)
    return contribution_submit(
        process=commitment.process,
        phase=opportunity.phase if opportunity else None,
        opportunity=opportunity,
        channel=Channel.WEB,
        kind=Kind.SUBMISSION,
        target=commitment,
        # Moderators and analysts read the proposal and its reason together.
        text=text,
        text_max_length=_max_length(field) + 2 + REASON_MAX_LENGTH,
        language=language,
        author=author,
        consent_to_publish=True,
        external_ref=external_ref,
        provenance={"amendment": {"field": field, "language": language}},
    )


def _decide(
    amendment: Amendment, status: str, editor: User, response_en: str, response_fr: str
) -> None:
    if status not in AMENDMENT_TRANSITIONS[amendment.status]:
        raise ValidationError(
            _("This amendment was already decided (%(status)s).")
            % {"status": amendment.get_status_display()},
            code="decided",
        )
    response_en = clean_public_text(response_en, max_length=REASON_MAX_LENGTH)
    response_fr = clean_public_text(response_fr, max_length=REASON_MAX_LENGTH)
    changed = Amendment.objects.filter(pk=amendment.pk, status=AmendmentStatus.PROPOSED).update(
        status=status,
        response_en=response_en,
        response_fr=response_fr,
        decided_by=editor,
        decided_at=timezone.now(),
    )
    if not changed:
        raise ValidationError(_("This amendment was decided meanwhile."), code="decided")
    # A conditional UPDATE sends no signal: drop the cached public pages ourselves.
    bump_content_version()
    amendment.refresh_from_db()


def amendment_accept(
    *, amendment: Amendment, editor: User, response_en: str, response_fr: str
) -> CommitmentVersion:
    """Apply the proposed text as a new version that credits the amendment."""
    with transaction.atomic():
        # Read under a lock: the amendment may have been loaded before the commitment became final.
        commitment = (
            type(amendment.commitment).objects.select_for_update().get(pk=amendment.commitment_id)
        )
        if not commitment.is_editable:
            raise ValidationError(
                _("A commitment that is “%(status)s” can no longer be edited.")
                % {"status": commitment.get_status_display()}
            )
        _decide(amendment, AmendmentStatus.ACCEPTED, editor, response_en, response_fr)
        bump_version(commitment, commitment.version_number)
        # The masked text: what the public saw is what the commitment says.
        setattr(commitment, amendment.field_key, amendment.public_replacement)
        commitment.full_clean(exclude=["version_number"])
        commitment.save()
        return record_version(
            commitment=commitment,
            author=editor,
            note=system_note(lambda: _("Amendment accepted.")),
            amendment=amendment,
        )


def amendment_decline(
    *, amendment: Amendment, editor: User, response_en: str, response_fr: str
) -> Amendment:
    """Decline a proposal with a public, reasoned response in both languages."""
    with transaction.atomic():
        _decide(amendment, AmendmentStatus.DECLINED, editor, response_en, response_fr)
    return amendment

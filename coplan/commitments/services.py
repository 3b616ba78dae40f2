"""Use cases of commitments: one keyword-only, atomic function each.

Views check permissions (rules.py) and call these; these check the domain's own rules (allowed
transitions per role, optimistic concurrency, partnership answers) and record what happened.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from coplan.accounts.models import Organisation, User
from coplan.contributions.models import Channel, Contribution, Kind, ModerationState
from coplan.contributions.services import contribution_submit, redacted_or_blank
from coplan.core.pagecache import bump_content_version
from coplan.core.references import is_referenced
from coplan.core.text import clean_public_text
from coplan.processes.models import Opportunity, Process

from .models import (
    TEXT_FIELDS,
    TRANSITIONS,
    ActorKind,
    Amendment,
    AmendmentStatus,
    Commitment,
    CommitmentActor,
    CommitmentTransition,
    CommitmentVersion,
    ContributionLink,
    Milestone,
    MilestoneEvidence,
    MilestoneStatus,
    PartnershipStatus,
    ProgressUpdate,
    Status,
    Theme,
    UpdateKind,
)
from .models.commitment import PARTNERSHIP_TRANSITIONS, TITLE_MAX_LENGTH
from .models.drafting import AMENDMENT_TRANSITIONS, NOTE_MAX_LENGTH, REASON_MAX_LENGTH
from .models.tracking import FINISHED_MILESTONE_STATUSES

LANGUAGES = ("en", "fr")
LONG_TEXT_MAX_LENGTH = 10_000
# Fields of the template that the co-drafting form edits (besides the bilingual text fields).
PLAIN_FIELDS = ("starts_on", "ends_on", "ogp_values", "contact_email")
BILINGUAL_EXTRA_FIELDS = ("contact_office",)


class EditConflict(Exception):
    """A save based on a version that is no longer the current one: the editor must merge."""

    def __init__(self, commitment: Commitment, base_version: int) -> None:
        self.commitment = commitment
        self.base_version = base_version
        super().__init__(
            _(
                "Someone saved version %(current)s while you were editing version %(base)s. "
                "Nothing was overwritten: compare the changes, merge them into your text and "
                "save again."
            )
            % {"current": commitment.version_number, "base": base_version}
        )


def codrafting_opportunity(process: Process) -> Opportunity | None:
    return _opportunity(process, Opportunity.Kind.CODRAFTING)


def tracking_opportunity(process: Process) -> Opportunity | None:
    return _opportunity(process, Opportunity.Kind.MILESTONE_TRACKING)


def _opportunity(process: Process, kind: str) -> Opportunity | None:
    return (
        Opportunity.objects.select_related("phase")
        .filter(phase__process=process, kind=kind)
        .order_by("position", "pk")
        .first()
    )


UNSET_DATE = "…"


def commitment_snapshot(
    commitment: Commitment, milestones: list[Milestone] | None = None
) -> dict[str, str]:
    """The template as text per field and language: what versions store and diffs compare."""
    data: dict[str, str] = {}
    for name in (*TEXT_FIELDS, *BILINGUAL_EXTRA_FIELDS):
        for language in LANGUAGES:
            data[f"{name}_{language}"] = getattr(commitment, f"{name}_{language}") or ""
    # A date not yet set is "…": the text is compared in both languages, and a "?" after a space
    # reads as a misplaced question mark in French.
    data["dates"] = " – ".join(
        value.isoformat() if value else UNSET_DATE
        for value in (commitment.starts_on, commitment.ends_on)
    )
    data["ogp_values"] = ", ".join(sorted(commitment.ogp_values or []))
    data["contact_email"] = commitment.contact_email or ""
    if commitment.pk:
        data["themes"] = ", ".join(sorted(commitment.themes.values_list("slug", flat=True)))
        if milestones is None:
            milestones = list(commitment.milestones.select_related("responsible"))
    for language in LANGUAGES:
        lines = []
        for number, milestone in enumerate(milestones or [], start=1):
            dates = " – ".join(
                value.isoformat() if value else UNSET_DATE
                for value in (milestone.starts_on, milestone.ends_on)
            )
            description = getattr(milestone, f"description_{language}") or ""
            organisation = getattr(milestone.responsible, f"name_{language}") or ""
            lines.append(f"{number}. {description} ({dates}; {organisation})")
        data[f"milestones_{language}"] = "\n\n".join(lines)
    return data


def system_note(message: Callable[[], str]) -> dict[str, str]:
    """A note the site writes (« Proposed. »), in each language: written at save time, because
    the version history is read in both languages."""
    notes = {}
    for language in LANGUAGES:
        with translation.override(language):
            notes[language] = message()
    return notes


def _check_notes(notes: dict[str, str]) -> dict[str, str]:
    """An editor's note in both languages, or none: a French page never shows an English note."""
    notes = {language: (notes.get(language) or "").strip() for language in LANGUAGES}
    if any(notes.values()) and not all(notes.values()):
        raise ValidationError(
            _("Write the note in English and in French, or leave both empty."), code="note"
        )
    if any(len(note) > NOTE_MAX_LENGTH for note in notes.values()):
        raise ValidationError(
            _("Please keep this under %(limit)s characters.") % {"limit": NOTE_MAX_LENGTH},
            code="note",
        )
    return notes


def _record_version(
    *,
    commitment: Commitment,
    author: User | None,
    note: dict[str, str],
    amendment: Amendment | None = None,
) -> CommitmentVersion:
    return CommitmentVersion.objects.create(
        commitment=commitment,
        number=commitment.version_number,
        author=author,
        organisation_id=author.organisation_id if author else None,
        **{f"note_{language}": note.get(language, "") for language in LANGUAGES},
        amendment=amendment,
        data=commitment_snapshot(commitment),
    )


def _bump_version(commitment: Commitment, base_version: int) -> None:
    """Claim the next version number, or raise EditConflict if someone else got there first.

    A conditional UPDATE is atomic on every database, so two saves based on the same version
    cannot both succeed, with or without row locks.
    """
    claimed = Commitment.objects.filter(pk=commitment.pk, version_number=base_version).update(
        version_number=F("version_number") + 1
    )
    if not claimed:
        commitment.refresh_from_db(fields=["version_number"])
        raise EditConflict(commitment, base_version)
    commitment.version_number = base_version + 1


def commitment_create(
    *,
    process: Process,
    identifier: str,
    title_en: str,
    title_fr: str,
    author: User | None,
    problem_en: str = "",
    problem_fr: str = "",
    status: str = Status.PROPOSED,
    position: int | None = None,
) -> Commitment:
    """Add a potential commitment to a process (version 1 records it)."""
    with transaction.atomic():
        if position is None:
            position = process.commitments.count() + 1
        commitment = Commitment(
            process=process,
            identifier=identifier,
            title_en=title_en,
            title_fr=title_fr,
            problem_en=problem_en,
            problem_fr=problem_fr,
            status=status,
            position=position,
            version_number=1,
        )
        commitment.full_clean()
        commitment.save()
        _record_version(
            commitment=commitment, author=author, note=system_note(lambda: _("Proposed."))
        )
    return commitment


def commitment_edit(
    *,
    commitment: Commitment,
    editor: User,
    base_version: int,
    data: dict,
    themes: list[Theme] | None = None,
    note_en: str = "",
    note_fr: str = "",
) -> CommitmentVersion:
    """Save a co-drafted change as a new version, if it is based on the current version.

    The editor's note (what changed) is written in both languages or not at all."""
    note = _check_notes({"en": note_en, "fr": note_fr})
    if not commitment.is_editable:
        raise ValidationError(
            _("A commitment that is “%(status)s” can no longer be edited.")
            % {"status": commitment.get_status_display()}
        )
    allowed = {
        f"{name}_{language}"
        for name in (*TEXT_FIELDS, *BILINGUAL_EXTRA_FIELDS)
        for language in LANGUAGES
    } | set(PLAIN_FIELDS)
    unknown = set(data) - allowed
    if unknown:
        raise ValueError(f"Not template fields: {sorted(unknown)}")
    with transaction.atomic():
        _bump_version(commitment, base_version)
        for name, value in data.items():
            setattr(commitment, name, value)
        commitment.full_clean(exclude=["version_number"])
        commitment.save()
        if themes is not None:
            commitment.themes.set(themes)
        return _record_version(commitment=commitment, author=editor, note=note)


def missing_template_fields(commitment: Commitment) -> list[str]:
    """Template parts still empty in either language (a draft plan needs them all)."""
    missing = []
    for name in TEXT_FIELDS:
        for language in LANGUAGES:
            if not (getattr(commitment, f"{name}_{language}") or "").strip():
                label = Commitment._meta.get_field(name).verbose_name
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
    reason_en = clean_public_text(reason_en, max_length=REASON_MAX_LENGTH, required=False)
    reason_fr = clean_public_text(reason_fr, max_length=REASON_MAX_LENGTH, required=False)
    if to_status == Status.WITHDRAWN and not (reason_en and reason_fr):
        raise ValidationError(
            _("Withdrawing a commitment needs a public reason in English and in French."),
            code="reason_required",
        )
    if to_status == Status.IN_DRAFT_PLAN:
        missing = missing_template_fields(commitment)
        if missing:
            raise ValidationError(
                _("The template is not complete. Still missing: %(fields)s.")
                % {"fields": "; ".join(str(item) for item in missing)},
                code="incomplete",
            )
    with transaction.atomic():
        changed = Commitment.objects.filter(pk=commitment.pk, status=current).update(
            status=to_status,
            updated_at=timezone.now(),
            **(
                {"withdrawal_reason_en": reason_en, "withdrawal_reason_fr": reason_fr}
                if to_status == Status.WITHDRAWN
                else {}
            ),
        )
        bump_content_version()
        if not changed:
            raise ValidationError(
                _("This commitment's status changed meanwhile. Reload the page and try again."),
                code="stale",
            )
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
    if to_status == Status.WITHDRAWN:
        commitment.withdrawal_reason_en, commitment.withdrawal_reason_fr = reason_en, reason_fr
    return record


# Amendments ---------------------------------------------------------------------------------


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
    if not commitment.is_codrafting:
        raise ValidationError(
            _("Amendments can be proposed only while the commitment is a draft."),
            code="not_codrafting",
        )
    if field not in TEXT_FIELDS or language not in LANGUAGES:
        raise ValidationError(_("Choose a part of the template and a language."), code="field")
    max_length = TITLE_MAX_LENGTH if field == "title" else LONG_TEXT_MAX_LENGTH
    replacement = clean_public_text(replacement, max_length=max_length)
    reason = clean_public_text(reason, max_length=REASON_MAX_LENGTH)
    if replacement == (getattr(commitment, f"{field}_{language}") or "").strip():
        raise ValidationError(
            _("The proposed text is the same as the current text."), code="unchanged"
        )
    opportunity = codrafting_opportunity(commitment.process)
    with transaction.atomic():
        contribution = contribution_submit(
            process=commitment.process,
            phase=opportunity.phase if opportunity else None,
            opportunity=opportunity,
            channel=Channel.WEB,
            kind=Kind.SUBMISSION,
            target=commitment,
            # Moderators and analysts read the proposal and its reason together.
            text=f"{replacement}\n\n{reason}",
            text_max_length=max_length + 2 + REASON_MAX_LENGTH,
            language=language,
            author=author,
            consent_to_publish=True,
            external_ref=external_ref,
            provenance={"amendment": {"field": field, "language": language}},
        )
        existing = Amendment.objects.filter(contribution=contribution).first()
        if existing is not None:
            return existing
        amendment = Amendment.objects.create(
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
    return amendment


def _decide(amendment: Amendment, status: str, editor: User, response_en: str, response_fr: str):
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
    commitment = amendment.commitment
    if not commitment.is_editable:
        raise ValidationError(
            _("A commitment that is “%(status)s” can no longer be edited.")
            % {"status": commitment.get_status_display()}
        )
    with transaction.atomic():
        _decide(amendment, AmendmentStatus.ACCEPTED, editor, response_en, response_fr)
        commitment.refresh_from_db()
        _bump_version(commitment, commitment.version_number)
        # The masked text: what the public saw is what the commitment says.
        setattr(commitment, amendment.field_key, amendment.public_replacement)
        commitment.full_clean(exclude=["version_number"])
        commitment.save()
        return _record_version(
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


# Partnerships -------------------------------------------------------------------------------


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


# Milestones and progress --------------------------------------------------------------------


def milestone_save(
    *,
    commitment: Commitment,
    editor: User,
    data: dict,
    milestone: Milestone | None = None,
) -> Milestone:
    """Add or change a milestone of a draft; the template changes, so a version is recorded."""
    if not commitment.is_editable:
        raise ValidationError(
            _("A commitment that is “%(status)s” can no longer be edited.")
            % {"status": commitment.get_status_display()}
        )
    with transaction.atomic():
        if milestone is None:
            milestone = Milestone(commitment=commitment, position=commitment.milestones.count() + 1)
        for name, value in data.items():
            setattr(milestone, name, value)
        milestone.full_clean()
        milestone.save()
        commitment.refresh_from_db()
        _bump_version(commitment, commitment.version_number)
        _record_version(
            commitment=commitment,
            author=editor,
            note=system_note(
                lambda: _("Milestone %(number)s saved.") % {"number": milestone.position}
            ),
        )
    return milestone


def _clean_update(text_en: str, text_fr: str, percent: int, reported_on: datetime.date):
    text_en = clean_public_text(text_en, max_length=LONG_TEXT_MAX_LENGTH)
    text_fr = clean_public_text(text_fr, max_length=LONG_TEXT_MAX_LENGTH)
    if not 0 <= percent <= 100:
        raise ValidationError(_("The percentage must be between 0 and 100."), code="percent")
    if reported_on > timezone.localdate():
        raise ValidationError(_("An update cannot be dated in the future."), code="future")
    return text_en, text_fr


def progress_report(
    *,
    milestone: Milestone,
    user: User,
    reported_on: datetime.date,
    text_en: str,
    text_fr: str,
    status: str,
    percent_complete: int,
    evidence_url: str = "",
    evidence_label_en: str = "",
    evidence_label_fr: str = "",
) -> ProgressUpdate:
    """A department reporter's dated update; it sets the milestone's status and percentage."""
    if not user.has_perm("commitments.report_progress", milestone):
        raise PermissionDenied(_("You can report only on the milestones of your own organisation."))
    text_en, text_fr = _clean_update(text_en, text_fr, percent_complete, reported_on)
    if status == MilestoneStatus.COMPLETED:
        percent_complete = 100
    with transaction.atomic():
        update = ProgressUpdate(
            milestone=milestone,
            kind=UpdateKind.GOVERNMENT,
            organisation=milestone.responsible,
            author=user,
            reported_on=reported_on,
            text_en=text_en,
            text_fr=text_fr,
            status=status,
            percent_complete=percent_complete,
        )
        update.full_clean()
        update.save()
        milestone.status = status
        milestone.percent_complete = percent_complete
        if status == MilestoneStatus.COMPLETED:
            milestone.completed_on = milestone.completed_on or reported_on
        elif status not in FINISHED_MILESTONE_STATUSES:
            milestone.completed_on = None
        milestone.save(update_fields=["status", "percent_complete", "completed_on", "updated_at"])
        if evidence_url:
            evidence = MilestoneEvidence(
                milestone=milestone,
                url=evidence_url,
                label_en=evidence_label_en or evidence_url,
                label_fr=evidence_label_fr or evidence_url,
            )
            evidence.full_clean()
            evidence.save()
    return update


def assessment_post(
    *,
    milestone: Milestone,
    user: User,
    reported_on: datetime.date,
    text_en: str,
    text_fr: str,
    status: str,
    percent_complete: int,
) -> ProgressUpdate:
    """A civil-society partner's own assessment, shown beside government's (never replacing it)."""
    if not user.has_perm("commitments.post_assessment", milestone):
        raise PermissionDenied(
            _("Only confirmed civil-society partners of this commitment can post assessments.")
        )
    text_en, text_fr = _clean_update(text_en, text_fr, percent_complete, reported_on)
    with transaction.atomic():
        update = ProgressUpdate(
            milestone=milestone,
            kind=UpdateKind.CIVIL_SOCIETY,
            organisation_id=user.organisation_id,
            author=user,
            reported_on=reported_on,
            text_en=text_en,
            text_fr=text_fr,
            status=status,
            percent_complete=percent_complete,
        )
        update.full_clean()
        update.save()
    return update


# Where it came from -------------------------------------------------------------------------


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
        state = (
            Contribution.objects.select_for_update()
            .filter(pk=contribution.pk)
            .values_list("moderation_state", flat=True)
            .first()
        )
        if state is None or state == ModerationState.WITHDRAWN:
            raise ValidationError(
                _("Its author withdrew this contribution: it can no longer be linked or answered."),
                code="withdrawn",
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


# Themes of the plan ---------------------------------------------------------------------------


def theme_save(*, data: Mapping[str, Any], theme: Theme | None = None) -> Theme:
    """Create or change a theme of the plan (its label in both languages)."""
    theme = theme or Theme()
    for name, value in data.items():
        setattr(theme, name, value)
    theme.full_clean()
    with transaction.atomic():
        theme.save()
        # Public commitment pages show their themes.
        bump_content_version()
    return theme


def theme_delete(*, theme: Theme) -> None:
    """Delete a theme no commitment has; one in use is refused (nothing is changed)."""
    with transaction.atomic():
        if is_referenced(theme):
            raise ValidationError(
                _("Commitments have this theme: take it off them before deleting it.")
            )
        theme.delete()

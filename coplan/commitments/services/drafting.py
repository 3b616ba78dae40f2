"""Co-drafting: a potential commitment is added, its template and milestones are edited, each
save recording a version."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coplan.accounts.models import User
from coplan.processes.models import Process

from ..models import (
    TEXT_FIELDS,
    Commitment,
    CommitmentVersion,
    Milestone,
    Status,
    Theme,
)
from .versions import (
    BILINGUAL_EXTRA_FIELDS,
    LANGUAGES,
    PLAIN_FIELDS,
    bump_version,
    check_notes,
    record_version,
    system_note,
)


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
        record_version(
            commitment=commitment, author=author, note=system_note(lambda: _("Proposed."))
        )
    return commitment


def commitment_edit(
    *,
    commitment: Commitment,
    editor: User,
    base_version: int,
    data: dict[str, Any],
    themes: list[Theme] | None = None,
    note_en: str = "",
    note_fr: str = "",
) -> CommitmentVersion:
    """Save a co-drafted change as a new version, if it is based on the current version.

    The editor's note (what changed) is written in both languages or not at all."""
    note = check_notes({"en": note_en, "fr": note_fr})
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
        bump_version(commitment, base_version)
        for name, value in data.items():
            setattr(commitment, name, value)
        commitment.full_clean(exclude=["version_number"])
        commitment.save()
        if themes is not None:
            commitment.themes.set(themes)
        return record_version(commitment=commitment, author=editor, note=note)


def milestone_save(
    *,
    commitment: Commitment,
    editor: User,
    data: dict[str, Any],
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
        bump_version(commitment, commitment.version_number)
        record_version(
            commitment=commitment,
            author=editor,
            note=system_note(
                lambda: _("Milestone %(number)s saved.") % {"number": milestone.position}
            ),
        )
    return milestone

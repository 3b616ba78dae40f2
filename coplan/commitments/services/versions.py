"""Versions of a draft commitment: what each version stores, who saved it, and the
optimistic concurrency that keeps two editors from overwriting each other."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import translation
from django.utils.translation import gettext as _

from coplan.accounts.models import User
from coplan.processes.models import Opportunity, Process

from ..models import (
    TEXT_FIELDS,
    Amendment,
    Commitment,
    CommitmentVersion,
    Milestone,
)
from ..models.drafting import NOTE_MAX_LENGTH

LANGUAGES = ("en", "fr")


LONG_TEXT_MAX_LENGTH = 10_000


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
    return {language: _said_in(language, message) for language in LANGUAGES}


def _said_in(language: str, message: Callable[[], str]) -> str:
    with translation.override(language):
        return message()


def check_notes(notes: dict[str, str]) -> dict[str, str]:
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


def record_version(
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


def bump_version(commitment: Commitment, base_version: int) -> None:
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

"""The internal Cabinet review of a draft: submitted with its text's fingerprint, decided."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coplan.accounts.models import User

from ..models import CABINET_NOTES_MAX_LENGTH, CabinetReview, PlanEvent, PlanVersion
from ..snapshot import SnapSection, canonical_bytes, draft_snapshot, fingerprint_of
from ._common import record, require_draft


def _cabinet_notes(notes_en: str, notes_fr: str) -> tuple[str, str]:
    """Notes on a Cabinet review in both languages, or none: staff pages are read in both."""
    notes = (notes_en.strip(), notes_fr.strip())
    if any(len(note) > CABINET_NOTES_MAX_LENGTH for note in notes):
        raise ValidationError(
            _("Please keep this under %(limit)s characters.") % {"limit": CABINET_NOTES_MAX_LENGTH}
        )
    if any(notes) and not all(notes):
        raise ValidationError(
            _("Write the notes in English and in French, or leave both empty."), code="notes"
        )
    return notes


def draft_fingerprint(version: PlanVersion) -> tuple[list[SnapSection], str]:
    """The draft's text as it would be frozen now, and its fingerprint."""
    sections = draft_snapshot(version)
    data = canonical_bytes(version.title_en or "", version.title_fr or "", sections)
    return sections, fingerprint_of(data)


def cabinet_review_submit(
    *, version: PlanVersion, actor: User | None, notes_en: str = "", notes_fr: str = ""
) -> CabinetReview:
    """Send a draft version to the internal Cabinet review; the text reviewed is fingerprinted."""
    require_draft(version)
    notes = _cabinet_notes(notes_en, notes_fr)
    with transaction.atomic():
        if version.cabinet_reviews.filter(status=CabinetReview.Status.SUBMITTED).exists():
            raise ValidationError(
                _("This version is already with Cabinet: record the decision first."),
                code="pending",
            )
        _sections, fingerprint = draft_fingerprint(version)
        review = CabinetReview.objects.create(
            version=version,
            fingerprint=fingerprint,
            submission_notes_en=notes[0],
            submission_notes_fr=notes[1],
        )
        kind = PlanEvent.Kind.SUBMITTED_TO_CABINET
        record(version.plan, kind, version=version, actor=actor, notes=notes)
    return review


def cabinet_review_decide(
    *,
    review: CabinetReview,
    status: str,
    actor: User | None,
    notes_en: str = "",
    notes_fr: str = "",
) -> CabinetReview:
    """Record Cabinet's decision (changes requested or approved) in the review and the history."""
    _check_transition(review.status, status)
    notes = _cabinet_notes(notes_en, notes_fr)
    with transaction.atomic():
        _decision_store(review, status, notes)
        kind = _decision_event(status)
        record(review.version.plan, kind, version=review.version, actor=actor, notes=notes)
    return review


def _decision_store(review: CabinetReview, status: str, notes: tuple[str, str]) -> None:
    """Store the decision unless someone decided meanwhile (the review then says so)."""
    changed = CabinetReview.objects.filter(pk=review.pk, status=review.status).update(
        status=status,
        decision_notes_en=notes[0],
        decision_notes_fr=notes[1],
        decided_at=timezone.now(),
    )
    if not changed:
        raise ValidationError(_("This review was decided meanwhile."), code="race")
    review.refresh_from_db()


def _check_transition(current: str, status: str) -> None:
    if status not in CabinetReview.TRANSITIONS.get(current, frozenset()):
        statuses = CabinetReview.Status
        new = statuses(status).label if status in statuses.values else status
        raise ValidationError(
            _("A Cabinet review cannot go from “%(current)s” to “%(new)s”.")
            % {"current": statuses(current).label, "new": new},
            code="transition",
        )


def _decision_event(status: str) -> str:
    if status == CabinetReview.Status.APPROVED:
        return PlanEvent.Kind.CABINET_APPROVED
    return PlanEvent.Kind.CABINET_CHANGES_REQUESTED

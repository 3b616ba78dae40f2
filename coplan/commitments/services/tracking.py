"""Tracking: government's dated progress on each milestone, and civil society's own assessment."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coplan.accounts.models import User
from coplan.core.text import clean_public_text

from ..models import (
    Milestone,
    MilestoneEvidence,
    MilestoneStatus,
    ProgressUpdate,
    UpdateKind,
)
from ..models.tracking import FINISHED_MILESTONE_STATUSES
from .versions import LONG_TEXT_MAX_LENGTH


def _clean_update(
    text_en: str, text_fr: str, percent: int, reported_on: datetime.date
) -> tuple[str, str]:
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
        update = _update_store(
            ProgressUpdate(
                milestone=milestone,
                kind=UpdateKind.GOVERNMENT,
                organisation_id=milestone.responsible_id,
                author=user,
                reported_on=reported_on,
            ),
            text_en=text_en,
            text_fr=text_fr,
            status=status,
            percent_complete=percent_complete,
        )
        _milestone_follow(milestone, update)
        if evidence_url:
            _evidence_add(milestone, evidence_url, evidence_label_en, evidence_label_fr)
    return update


def _update_store(
    update: ProgressUpdate, *, text_en: str, text_fr: str, status: str, percent_complete: int
) -> ProgressUpdate:
    """Validate and store an update (government's or civil society's), its texts cleaned."""
    update.text_en, update.text_fr = text_en, text_fr
    update.status, update.percent_complete = status, percent_complete
    update.full_clean()
    update.save()
    return update


def _milestone_follow(milestone: Milestone, update: ProgressUpdate) -> None:
    """The milestone takes the status and percentage of its latest government update."""
    milestone.status = update.status
    milestone.percent_complete = update.percent_complete
    if update.status == MilestoneStatus.COMPLETED:
        milestone.completed_on = milestone.completed_on or update.reported_on
    elif update.status not in FINISHED_MILESTONE_STATUSES:
        milestone.completed_on = None
    milestone.save(update_fields=["status", "percent_complete", "completed_on", "updated_at"])


def _evidence_add(milestone: Milestone, url: str, label_en: str, label_fr: str) -> None:
    evidence = MilestoneEvidence(
        milestone=milestone, url=url, label_en=label_en or url, label_fr=label_fr or url
    )
    evidence.full_clean()
    evidence.save()


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
    # A partner speaks for its organisation: a user without one is no partner.
    if user.organisation_id is None or not user.has_perm("commitments.post_assessment", milestone):
        raise PermissionDenied(
            _("Only confirmed civil-society partners of this commitment can post assessments.")
        )
    text_en, text_fr = _clean_update(text_en, text_fr, percent_complete, reported_on)
    return _update_store(
        ProgressUpdate(
            milestone=milestone,
            kind=UpdateKind.CIVIL_SOCIETY,
            organisation_id=user.organisation_id,
            author=user,
            reported_on=reported_on,
        ),
        text_en=text_en,
        text_fr=text_fr,
        status=status,
        percent_complete=percent_complete,
    )

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .commitment import Commitment


class MilestoneStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    DELAYED = "delayed", _("Delayed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# A milestone is finished once completed or withdrawn: it can no longer be overdue.
FINISHED_MILESTONE_STATUSES = frozenset({MilestoneStatus.COMPLETED, MilestoneStatus.WITHDRAWN})


class MilestoneQuerySet(models.QuerySet["Milestone"]):
    def overdue(self, today: datetime.date | None = None) -> MilestoneQuerySet:
        """Past their end date and neither completed nor withdrawn (computed, never stored)."""
        today = today or timezone.localdate()
        return self.filter(ends_on__lt=today).exclude(status__in=FINISHED_MILESTONE_STATUSES)

    def overdue_q(self, today: datetime.date | None = None) -> Q:
        today = today or timezone.localdate()
        return Q(ends_on__lt=today) & ~Q(status__in=FINISHED_MILESTONE_STATUSES)


class Milestone(models.Model):
    """An ordered step of a commitment, with its dates, responsible organisation and progress."""

    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.CASCADE,
        related_name="milestones",
        verbose_name=_("commitment"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    description = models.TextField(_("description"))
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    responsible = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="milestones",
        verbose_name=_("responsible organisation"),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=MilestoneStatus,
        default=MilestoneStatus.NOT_STARTED,
        db_index=True,
    )
    percent_complete = models.PositiveSmallIntegerField(
        _("percentage complete"), default=0, validators=[MaxValueValidator(100)]
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["commitment", "position", "pk"]

    def __str__(self) -> str:
        return self.description[:80]

    def get_absolute_url(self) -> str:
        return reverse(
            "commitments:milestone",
            kwargs={
                "process_slug": self.commitment.process.slug,
                "identifier": self.commitment.identifier,
                "pk": self.pk,
            },
        )

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return bool(
            self.ends_on and self.ends_on < today and self.status not in FINISHED_MILESTONE_STATUSES
        )

    @property
    def overdue(self) -> bool:
        return self.is_overdue()


class MilestoneEvidence(models.Model):
    """A public link showing the work: a published report, a data set, a web page."""

    milestone = models.ForeignKey(
        Milestone, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("milestone")
    )
    url = models.URLField(_("web address"), max_length=500)
    label = models.CharField(_("link text"), max_length=250)
    added_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["milestone", "added_at", "pk"]

    def __str__(self) -> str:
        return self.label


class UpdateKind(models.TextChoices):
    GOVERNMENT = "government", _("Government progress report")
    CIVIL_SOCIETY = "civil_society", _("Civil-society assessment")


class ProgressUpdate(models.Model):
    """A dated progress report on a milestone, by government or by a civil-society partner."""

    milestone = models.ForeignKey(
        Milestone, on_delete=models.CASCADE, related_name="updates", verbose_name=_("milestone")
    )
    kind = models.CharField(_("kind"), max_length=15, choices=UpdateKind)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("author"),
    )
    reported_on = models.DateField(_("date of the update"))
    text = models.TextField(_("update"))
    if TYPE_CHECKING:
        # The languages' columns modeltranslation adds (translation.py), unknown to mypy.
        text_en: str
        text_fr: str
    status = models.CharField(_("milestone status"), max_length=12, choices=MilestoneStatus)
    percent_complete = models.PositiveSmallIntegerField(
        _("percentage complete"), validators=[MaxValueValidator(100)]
    )
    created_at = models.DateTimeField(_("posted"), default=timezone.now)

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["milestone", "-reported_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.milestone_id} {self.reported_on}"

    @property
    def is_assessment(self) -> bool:
        return self.kind == UpdateKind.CIVIL_SOCIETY

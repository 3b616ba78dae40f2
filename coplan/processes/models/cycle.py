"""The cycle: a Process and its ordered Phases."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DEFAULT_RETENTION_MONTHS = 18
# What Process.retention_clock reads of each process, in this order.
RETENTION_COLUMNS = (
    "pk",
    "completed_on",
    "last_phase_ends_on",
    "has_phases",
    "ends_on",
    "status",
    "retention_months",
)


class Process(models.Model):
    """One co-creation cycle, e.g. Canada's 4th Plan on Open Government 2018-2020."""

    class Status(models.TextChoices):
        UPCOMING = "upcoming", _("Upcoming")
        ACTIVE = "active", _("Active")
        COMPLETED = "completed", _("Completed")

    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=250)
    summary = models.TextField(_("summary"))
    introduction = models.TextField(_("introduction"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.UPCOMING)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    participation_deadline = models.DateField(_("participation deadline"), null=True, blank=True)
    current_phase_override = models.ForeignKey(
        "Phase",
        verbose_name=_("current phase (override)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Leave empty to work out the current phase from the dates."),
    )
    # What the privacy notice at every point of collection says for this process.
    privacy_purpose = models.TextField(_("purpose of collection"))
    privacy_authority = models.TextField(_("authority for collection"))
    privacy_contact = models.TextField(_("privacy contact"))
    personal_information_bank = models.CharField(
        _("personal information bank"), max_length=250, blank=True
    )
    retention_months = models.PositiveSmallIntegerField(
        _("retention after the activity (months)"), default=DEFAULT_RETENTION_MONTHS
    )
    completed_on = models.DateField(
        _("activity completed on"),
        null=True,
        blank=True,
        help_text=_(
            "Only when the process is closed before its last phase ends: retention of personal "
            "information runs from this date instead of the end of the last phase."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    if TYPE_CHECKING:
        # The languages' columns modeltranslation adds (translation.py), unknown to mypy.
        title_en: str
        title_fr: str
        summary_en: str
        summary_fr: str

    class Meta:
        verbose_name = _("process")
        verbose_name_plural = _("processes")
        ordering = ["-starts_on"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("processes:detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end date must not be before the start date.")})

    @staticmethod
    def activity_ended_on(
        *,
        completed_on: datetime.date | None,
        last_phase_ends_on: datetime.date | None,
        has_phases: bool,
        ends_on: datetime.date,
        status: str,
    ) -> datetime.date | None:
        """The day the activity ended, from which retention runs (None: still running).

        Staff closing the process early (`completed_on`) wins; otherwise the end of the last
        phase, so the clock starts by itself. An open-ended last phase keeps the process running
        unless staff mark it completed, when its planned end date is the end.
        """
        if completed_on:
            return completed_on
        if not has_phases:
            return ends_on
        if last_phase_ends_on:
            return last_phase_ends_on
        return ends_on if status == Process.Status.COMPLETED else None

    @classmethod
    def retention_clock(cls) -> Iterator[tuple[int, datetime.date | None, int]]:
        """(pk, day the activity ended or None, retention months) of every process, in one query.

        The privacy app's retention reads this (by duck typing: it imports no app) instead of a
        date staff must remember to set.
        """
        last_phase = Phase.objects.filter(process=OuterRef("pk")).order_by("-position")
        rows = cls.objects.annotate(
            last_phase_ends_on=Subquery(last_phase.values("ends_on")[:1]),
            has_phases=Exists(last_phase),
        ).values_list(*RETENTION_COLUMNS)
        for pk, completed_on, last_end, has_phases, ends_on, status, months in rows.iterator():
            ended = cls.activity_ended_on(
                completed_on=completed_on,
                last_phase_ends_on=last_end,
                has_phases=has_phases,
                ends_on=ends_on,
                status=status,
            )
            yield pk, ended, months

    def retention_starts_on(self) -> datetime.date | None:
        """This process's end of activity (see `activity_ended_on`)."""
        phases = sorted(self.phases.all(), key=lambda phase: phase.position)
        return self.activity_ended_on(
            completed_on=self.completed_on,
            last_phase_ends_on=phases[-1].ends_on if phases else None,
            has_phases=bool(phases),
            ends_on=self.ends_on,
            status=self.status,
        )

    def current_phase(
        self, phases: list[Phase] | None = None, today: datetime.date | None = None
    ) -> Phase | None:
        """The override if set, else the phase whose dates contain today (the latest started)."""
        if self.current_phase_override_id:
            phases = phases if phases is not None else list(self.phases.all())
            for phase in phases:
                if phase.pk == self.current_phase_override_id:
                    return phase
        phases = phases if phases is not None else list(self.phases.all())
        today = today or timezone.localdate()
        started = [p for p in phases if p.starts_on <= today]
        running = [p for p in started if p.ends_on is None or today <= p.ends_on]
        if running:
            return running[-1]
        return None


class Phase(models.Model):
    """A stage of the cycle with dates and a purpose."""

    class Kind(models.TextChoices):
        PLANNING = "planning", _("Planning")
        DEVELOPMENT = "development", _("Development")
        DRAFTING = "drafting", _("Drafting")
        REVIEW = "review", _("Review")
        FINALIZATION = "finalization", _("Finalization")
        IMPLEMENTATION = "implementation", _("Implementation")

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="phases", verbose_name=_("process")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("name"), max_length=120)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    dates_label = models.CharField(
        _("dates as shown"),
        max_length=120,
        blank=True,
        help_text=_("How the dates read on the cycle graphic, e.g. 'Oct. 2017 - Feb. 2018'."),
    )
    purpose = models.TextField(_("purpose"))
    what_happens = models.TextField(_("what happens"), blank=True)
    how_to_take_part = models.TextField(_("how to take part"), blank=True)

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["process", "position"]
        constraints = [
            models.UniqueConstraint(fields=["process", "position"], name="phase_unique_position"),
            models.UniqueConstraint(fields=["process", "kind"], name="phase_unique_kind"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end date must not be before the start date.")})

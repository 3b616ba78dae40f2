"""What the forum keeps on the process: evidence of OGP requirements met outside the system,
lessons learned, process reviews, and the compliance counts the process page shows."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .meetings import DocumentKind


class Evidence(models.Model):
    """Evidence, attached by staff, that an OGP requirement was met outside the system."""

    process = models.ForeignKey(
        "processes.Process",
        on_delete=models.CASCADE,
        related_name="forum_evidence",
        verbose_name=_("process"),
    )
    requirement = models.CharField(_("requirement"), max_length=20)
    description = models.TextField(_("what shows it"))
    url = models.URLField(_("web address"), max_length=500, blank=True)
    kind = models.CharField(_("type"), max_length=5, choices=DocumentKind, blank=True)
    file = models.FileField(_("file"), upload_to="forum/evidence/%Y/", blank=True)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    added_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["requirement", "-added_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.requirement}: {self.pk}"


class Lesson(models.Model):
    """An entry of the lessons-learned log, published with the final report."""

    process = models.ForeignKey(
        "processes.Process",
        on_delete=models.CASCADE,
        related_name="forum_lessons",
        verbose_name=_("process"),
    )
    phase = models.ForeignKey(
        "processes.Phase",
        verbose_name=_("phase"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lesson = models.TextField(_("what we learned"))
    action = models.TextField(_("what we will do differently"), blank=True)
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        verbose_name = _("lesson learned")
        verbose_name_plural = _("lessons learned")
        ordering = ["process", "recorded_at", "pk"]

    def __str__(self) -> str:
        return self.lesson[:80]


class ProcessReview(models.Model):
    """The feedback questionnaire on the process itself, after one phase (surveys engine)."""

    phase = models.OneToOneField(
        "processes.Phase",
        on_delete=models.CASCADE,
        related_name="process_review",
        verbose_name=_("phase"),
    )
    questionnaire = models.OneToOneField(
        "surveys.Questionnaire",
        on_delete=models.CASCADE,
        related_name="process_review",
        verbose_name=_("questionnaire"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("process review")
        verbose_name_plural = _("process reviews")
        ordering = ["phase__position"]

    def __str__(self) -> str:
        return str(self.phase)


class ComplianceSummary(models.Model):
    """The counts the process page shows of its OGP compliance rows, computed from the records
    (`forum.compliance`) and kept here so that rendering the process page reads one row instead
    of the fifteen-odd queries of the rows. Recomputed when it is older than a few minutes and
    whenever forum data changes (`forum.sections`); the compliance page computes the rows
    afresh."""

    process = models.OneToOneField(
        "processes.Process",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="compliance_summary",
        verbose_name=_("process"),
    )
    met = models.PositiveSmallIntegerField(_("met"))
    missing = models.PositiveSmallIntegerField(_("missing"))
    not_due = models.PositiveSmallIntegerField(_("not yet due"))
    total = models.PositiveSmallIntegerField(_("requirements"))
    computed_at = models.DateTimeField(_("computed"))

    class Meta:
        verbose_name = _("compliance summary")
        verbose_name_plural = _("compliance summaries")

    def __str__(self) -> str:
        return f"{self.process_id}: {self.met}/{self.total}"

    def counts(self) -> dict[str, int]:
        return {
            "met": self.met,
            "missing": self.missing,
            "not_due": self.not_due,
            "total": self.total,
        }

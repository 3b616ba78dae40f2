"""What analysts decide about a contribution: its codings and assessment, the queue's
counts, rejected suggestions and translations."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .codebook import Disposition, Theme

NOTE_MAX_LENGTH = 2_000
RESPONSE_MAX_LENGTH = 5_000


class Coding(models.Model):
    """A theme assigned to a contribution, by an analyst or suggested by the model."""

    class Source(models.TextChoices):
        HUMAN = "human", _("Analyst")
        MACHINE = "machine", _("Machine suggestion")

    contribution = models.ForeignKey(
        "contributions.Contribution",
        on_delete=models.CASCADE,
        related_name="codings",
        verbose_name=_("contribution"),
    )
    theme = models.ForeignKey(
        Theme, on_delete=models.CASCADE, related_name="codings", verbose_name=_("theme")
    )
    source = models.CharField(_("source"), max_length=8, choices=Source, default=Source.HUMAN)
    # A machine suggestion counts only once a person confirmed it; human codings are confirmed.
    confirmed = models.BooleanField(_("confirmed by a person"), default=True)
    confidence = models.FloatField(_("confidence"), null=True, blank=True)
    coded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("coded by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("coding")
        verbose_name_plural = _("codings")
        constraints = [
            models.UniqueConstraint(fields=["contribution", "theme"], name="coding_unique"),
        ]
        indexes = [
            models.Index(fields=["theme", "confirmed"]),
            # The queue's "coded / not coded yet" tests look a contribution up by this pair.
            models.Index(fields=["contribution", "confirmed"], name="coding_contribution_state"),
        ]

    def __str__(self) -> str:
        return f"{self.contribution_id} → {self.theme_id}"


class QueueCounts(models.Model):
    """The workspace counters of one process, kept so the queue page never counts 100,000 rows.

    Valid while `fingerprint` matches the process's contributions (how many in each moderation
    state, and the newest id: new, moderated or removed contributions change it) and while
    younger than `selectors.QUEUE_COUNTS_MAX_AGE`. Coding an item adjusts the counters in the
    same transaction; other changes to codings or campaigns delete the row.
    """

    process = models.OneToOneField(
        "processes.Process", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    fingerprint = models.CharField(max_length=500)
    total = models.IntegerField(default=0)
    coded = models.IntegerField(default=0)
    suggested = models.IntegerField(default=0)
    in_campaigns = models.IntegerField(default=0)
    computed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.process_id}: {self.coded}/{self.total}"


class RejectedSuggestion(models.Model):
    """An analyst said no to a suggestion: never suggest it again for that contribution."""

    contribution = models.ForeignKey(
        "contributions.Contribution", on_delete=models.CASCADE, related_name="+"
    )
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="+")
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rejected_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rejected suggestion")
        verbose_name_plural = _("rejected suggestions")
        constraints = [
            models.UniqueConstraint(fields=["contribution", "theme"], name="rejection_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.contribution_id} ✗ {self.theme_id}"


class ContributionAssessment(models.Model):
    """The analysts' verdict on one contribution: disposition, reasoned response, primary theme.

    One row per contribution, in one place, so the open data set can publish it as it is.
    The note is internal and never published.
    """

    contribution = models.OneToOneField(
        "contributions.Contribution",
        on_delete=models.CASCADE,
        related_name="assessment",
        verbose_name=_("contribution"),
    )
    disposition = models.ForeignKey(
        Disposition,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("disposition"),
    )
    primary_theme = models.ForeignKey(
        Theme,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("primary theme"),
    )
    response = models.TextField(_("reasoned response"), blank=True)
    note = models.TextField(_("internal note"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("assessed by"),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self) -> str:
        return str(_("Assessment of contribution %(number)s") % {"number": self.contribution_id})


class ContributionTranslation(models.Model):
    """A translation of a contribution written by staff, shown as such in reports and data."""

    contribution = models.ForeignKey(
        "contributions.Contribution",
        on_delete=models.CASCADE,
        related_name="translations",
        verbose_name=_("contribution"),
    )
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    text = models.TextField(_("translation"))
    translated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [
            models.UniqueConstraint(
                fields=["contribution", "language"], name="translation_unique_language"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contribution_id} ({self.language})"

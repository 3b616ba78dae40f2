"""Opportunities to take part in a phase, and the record of their status changes."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .cycle import Phase


class Opportunity(models.Model):
    """A way to take part in a phase: a questionnaire, a call for ideas, a draft to comment..."""

    class Kind(models.TextChoices):
        QUESTIONNAIRE = "questionnaire", _("Questionnaire")
        IDEAS = "ideas", _("Call for ideas")
        SESSIONS = "sessions", _("In-person and online sessions")
        CODRAFTING = "codrafting", _("Co-drafting commitments")
        DRAFT_PLAN = "draft_plan", _("Comments on the draft plan")
        FINAL_PLAN = "final_plan", _("Comments on the final plan")
        MILESTONE_TRACKING = "milestone_tracking", _("Comments on milestone tracking")
        FEEDBACK = "feedback", _("General feedback")

    class VoiceRule(models.TextChoices):
        """How an opportunity counts one voice per person (supports, one-answer questionnaires)."""

        OPEN = "open", _("One per browser")
        CONFIRMED_EMAIL = "confirmed_email", _("One per confirmed email address")
        ACCOUNT = "account", _("One per account")

    class Status(models.TextChoices):
        ANNOUNCED = "announced", _("To be announced")
        # Context: the French agrees with « occasion de participation » (feminine); a
        # questionnaire is « Ouvert ».
        OPEN = "open", pgettext_lazy("opportunity", "Open")
        CLOSED = "closed", pgettext_lazy("opportunity", "Closed")

    # What the process page's line shows, set by `processes.selectors.opportunities_listed`
    # (not stored).
    accepting: bool
    page_url: str
    status_label: str

    # Allowed status changes, checked in one place (services.opportunity_status_set).
    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.ANNOUNCED: frozenset({Status.OPEN, Status.CLOSED}),
        Status.OPEN: frozenset({Status.CLOSED}),
        Status.CLOSED: frozenset({Status.OPEN}),
    }

    phase = models.ForeignKey(
        Phase, on_delete=models.CASCADE, related_name="opportunities", verbose_name=_("phase")
    )
    slug = models.SlugField(_("short name"), max_length=80)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.ANNOUNCED)
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    allows_anonymous = models.BooleanField(
        _("anonymous participation allowed"),
        default=True,
        help_text=_("When set, people may take part without an account."),
    )
    voice_rule = models.CharField(
        _("one voice per person"),
        max_length=20,
        choices=VoiceRule,
        default=VoiceRule.OPEN,
        help_text=_(
            "How supports on ideas and answers to one-answer questionnaires count each person: "
            "by browser, by an email address confirmed through a link (only confirmed ones "
            "count), or by signed-in account (signing in required)."
        ),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    if TYPE_CHECKING:
        # The languages' columns modeltranslation adds (translation.py), unknown to mypy.
        title_en: str
        title_fr: str
        description_en: str
        description_fr: str

    class Meta:
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        ordering = ["phase__position", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["phase", "slug"], name="opportunity_unique_slug"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "processes:opportunity",
            kwargs={"slug": self.phase.process.slug, "opportunity_slug": self.slug},
        )

    def clean(self) -> None:
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError(
                {"closes_at": _("The closing time must be after the opening time.")}
            )

    def is_accepting_input(self, now: datetime.datetime | None = None) -> bool:
        """Open by status and within its dates (dates win over a status not yet synced)."""
        now = now or timezone.now()
        if self.status != self.Status.OPEN:
            return False
        if self.opens_at and now < self.opens_at:
            return False
        return not (self.closes_at and now >= self.closes_at)


class OpportunityStatusChange(models.Model):
    """A record that an opportunity changed status: announcements are built from these."""

    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=10, choices=Opportunity.Status)
    to_status = models.CharField(max_length=10, choices=Opportunity.Status)
    changed_at = models.DateTimeField(default=timezone.now)
    by_scheduler = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("opportunity status change")
        verbose_name_plural = _("opportunity status changes")
        ordering = ["-changed_at"]

    def __str__(self) -> str:
        return f"{self.opportunity_id}: {self.from_status} → {self.to_status}"

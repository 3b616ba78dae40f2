"""The plan: one document per process, written in versions.

A draft version is the working text (sections staff edit). Publishing a version freezes it: its
sections and paragraphs, including the text of the commitments it includes, are copied into
frozen rows, and a SHA-256 fingerprint of that text is stored, so the text people commented on
can be checked and never changes. Later edits go into a new draft version.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

HEADING_MAX_LENGTH = 250
SECTION_BODY_MAX_LENGTH = 50_000
CABINET_NOTES_MAX_LENGTH = 10_000
EXPLANATION_MAX_LENGTH = 5_000


class Plan(models.Model):
    """The plan document of a process (e.g. Canada's 4th Plan on Open Government)."""

    process = models.OneToOneField(
        "processes.Process",
        on_delete=models.CASCADE,
        related_name="plan",
        verbose_name=_("process"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self) -> str:
        return str(_("Plan of %(process)s") % {"process": self.process})


class PlanVersion(models.Model):
    """One version of the plan: a draft being written, or a frozen published text."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft (not public)")
        REVIEW = "review", _("Published for review")
        FINAL = "final", _("Final plan")
        SUPERSEDED = "superseded", _("Superseded")
        DISCARDED = "discarded", _("Discarded")

    # Allowed status changes, checked in one place (services.plan_version_set_status).
    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.DRAFT: frozenset({Status.REVIEW, Status.FINAL, Status.DISCARDED}),
        Status.REVIEW: frozenset({Status.SUPERSEDED}),
        Status.FINAL: frozenset({Status.SUPERSEDED}),
        Status.SUPERSEDED: frozenset(),
        Status.DISCARDED: frozenset(),
    }
    PUBLISHED = frozenset({Status.REVIEW, Status.FINAL, Status.SUPERSEDED})

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="versions", verbose_name=_("plan")
    )
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=HEADING_MAX_LENGTH)
    if TYPE_CHECKING:
        # The languages' columns modeltranslation adds (translation.py), unknown to mypy.
        title_en: str
        title_fr: str
    status = models.CharField(
        _("status"), max_length=12, choices=Status, default=Status.DRAFT, db_index=True
    )
    # Set when published as final: the review version the final text is compared with.
    based_on = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("compared with"),
    )
    fingerprint = models.CharField(_("SHA-256 fingerprint"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        ordering = ["plan", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_unique_number"),
        ]

    def __str__(self) -> str:
        return str(
            _("%(title)s, version %(number)s") % {"title": self.title, "number": self.number}
        )

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse(
            "plans:version",
            kwargs={"slug": self.plan.process.slug, "number": self.number},
        )

    @property
    def is_published(self) -> bool:
        return self.status in self.PUBLISHED

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def was_final(self) -> bool:
        """A final text (current or superseded by a later final)."""
        return self.status == self.Status.FINAL or (
            self.status == self.Status.SUPERSEDED and self.based_on_id is not None
        )


class PlanSection(models.Model):
    """A section of a draft version, as staff write it (editable until published)."""

    class Kind(models.TextChoices):
        NARRATIVE = "narrative", _("Narrative text")
        COMMITMENTS = "commitments", _("Narrative text followed by the commitments")

    version = models.ForeignKey(
        PlanVersion, on_delete=models.CASCADE, related_name="sections", verbose_name=_("version")
    )
    position = models.PositiveIntegerField(_("position"))
    # A stable name for the section across versions, used to compare versions section by section.
    key = models.SlugField(_("short name"), max_length=80)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind, default=Kind.NARRATIVE)
    heading = models.CharField(_("heading"), max_length=HEADING_MAX_LENGTH)
    body = models.TextField(
        _("text"),
        blank=True,
        help_text=_(
            "Plain text; a blank line separates paragraphs. Each paragraph is commentable."
        ),
    )
    if TYPE_CHECKING:
        # The languages' columns modeltranslation adds (translation.py), unknown to mypy.
        heading_en: str
        heading_fr: str
        body_en: str
        body_fr: str

    class Meta:
        verbose_name = _("plan section")
        verbose_name_plural = _("plan sections")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="plan_section_unique_key"),
        ]

    def __str__(self) -> str:
        return self.heading


class FrozenSection(models.Model):
    """A section of a published version, frozen at publication (commitments are sections too)."""

    version = models.ForeignKey(
        PlanVersion,
        on_delete=models.CASCADE,
        related_name="frozen_sections",
        verbose_name=_("version"),
    )
    position = models.PositiveIntegerField(_("position"))
    number = models.CharField(_("number"), max_length=20)
    level = models.PositiveSmallIntegerField(_("level"), default=1)
    key = models.CharField(_("short name"), max_length=80)
    heading = models.CharField(_("heading"), max_length=HEADING_MAX_LENGTH)

    class Meta:
        verbose_name = _("published section")
        verbose_name_plural = _("published sections")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="frozen_section_unique_key"),
        ]

    def __str__(self) -> str:
        return self.heading


class PlanParagraph(models.Model):
    """One paragraph of a published version: the unit people comment on. Never edited."""

    class Kind(models.TextChoices):
        NARRATIVE = "narrative", _("Narrative")
        COMMITMENT = "commitment", _("Commitment field")

    version = models.ForeignKey(
        PlanVersion, on_delete=models.CASCADE, related_name="paragraphs", verbose_name=_("version")
    )
    section = models.ForeignKey(
        FrozenSection,
        on_delete=models.CASCADE,
        related_name="paragraphs",
        verbose_name=_("section"),
    )
    position = models.PositiveIntegerField(_("position"))
    number = models.PositiveIntegerField(_("paragraph number"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind, default=Kind.NARRATIVE)
    # For a commitment field: its label in the OGP template ("Issue to be addressed"...).
    label = models.CharField(_("label"), max_length=HEADING_MAX_LENGTH, blank=True)
    text = models.TextField(_("text"))

    class Meta:
        verbose_name = _("plan paragraph")
        verbose_name_plural = _("plan paragraphs")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "number"], name="plan_paragraph_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return str(_("Paragraph %(number)s") % {"number": self.number})

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse(
            "plans:paragraph",
            kwargs={
                "slug": self.version.plan.process.slug,
                "number": self.version.number,
                "paragraph": self.number,
            },
        )


class CabinetReview(models.Model):
    """The internal (Cabinet) review of a draft version: staff only, never public."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        APPROVED = "approved", _("Approved")

    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.SUBMITTED: frozenset({Status.CHANGES_REQUESTED, Status.APPROVED}),
        Status.CHANGES_REQUESTED: frozenset(),
        Status.APPROVED: frozenset(),
    }

    version = models.ForeignKey(
        PlanVersion,
        on_delete=models.CASCADE,
        related_name="cabinet_reviews",
        verbose_name=_("version"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.SUBMITTED)
    # The text reviewed: an approval holds only for exactly this text.
    fingerprint = models.CharField(_("fingerprint of the text reviewed"), max_length=64)
    submission_notes = models.TextField(_("notes on submission"), blank=True)
    decision_notes = models.TextField(_("notes on the decision"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("cabinet review")
        verbose_name_plural = _("cabinet reviews")
        ordering = ["-submitted_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.version}: {self.get_status_display()}"


class PlanEvent(models.Model):
    """The plan's history: versions created and published, cabinet submissions and outcomes."""

    class Kind(models.TextChoices):
        VERSION_CREATED = "version_created", _("Draft version created")
        SUBMITTED_TO_CABINET = "cabinet_submitted", _("Submitted to Cabinet review")
        CABINET_CHANGES_REQUESTED = "cabinet_changes", _("Cabinet requested changes")
        CABINET_APPROVED = "cabinet_approved", _("Cabinet approved")
        PUBLISHED_FOR_REVIEW = "published_review", _("Published for public review")
        PUBLISHED_FINAL = "published_final", _("Published as the final plan")
        SUPERSEDED = "superseded", _("Superseded by a newer version")
        DISCARDED = "discarded", _("Draft discarded")

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="events", verbose_name=_("plan")
    )
    version = models.ForeignKey(
        PlanVersion,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("version"),
    )
    kind = models.CharField(_("event"), max_length=20, choices=Kind)
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    # Staff member who acted; staff pages show it, public pages never.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("plan event")
        verbose_name_plural = _("plan events")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return self.get_kind_display()


class ChangeExplanation(models.Model):
    """Why a paragraph changed between the review draft and the final plan, citing comments.

    A change is named by the paragraphs it joins: the draft paragraph (None when added) and the
    final paragraph (None when removed).
    """

    version = models.ForeignKey(
        PlanVersion,
        on_delete=models.CASCADE,
        related_name="change_explanations",
        verbose_name=_("final version"),
    )
    old_paragraph = models.ForeignKey(
        PlanParagraph,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("draft paragraph"),
    )
    new_paragraph = models.ForeignKey(
        PlanParagraph,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("final paragraph"),
    )
    explanation = models.TextField(_("explanation"), blank=True)
    cited_comments = models.ManyToManyField(
        "contributions.Contribution",
        blank=True,
        related_name="plan_changes",
        verbose_name=_("comments that prompted the change"),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("change explanation")
        verbose_name_plural = _("change explanations")
        constraints = [
            # A paragraph takes part in at most one change.
            models.UniqueConstraint(
                fields=["version", "old_paragraph"],
                condition=models.Q(old_paragraph__isnull=False),
                name="change_explanation_unique_old",
            ),
            models.UniqueConstraint(
                fields=["version", "new_paragraph"],
                condition=models.Q(new_paragraph__isnull=False),
                name="change_explanation_unique_new",
            ),
            models.CheckConstraint(
                condition=models.Q(old_paragraph__isnull=False)
                | models.Q(new_paragraph__isnull=False),
                name="change_explanation_names_a_paragraph",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Change in %(version)s") % {"version": self.version})

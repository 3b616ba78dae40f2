"""Learning: the codebook, codings, assessments, campaigns, trained models and reports.

Everything the analysts decide about a contribution lives here, attached to the shared
Contribution by foreign keys: the contributions app is never edited by this one.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

NOTE_MAX_LENGTH = 2_000
RESPONSE_MAX_LENGTH = 5_000


class Theme(models.Model):
    """A code of the codebook: a top-level theme or one of its sub-themes (two levels only)."""

    process = models.ForeignKey(
        "processes.Process",
        on_delete=models.CASCADE,
        related_name="themes",
        verbose_name=_("process"),
    )
    code = models.SlugField(_("code"), max_length=60)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent theme"),
    )
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_from",
        verbose_name=_("merged into"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["process", "code"], name="theme_unique_code"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.parent_id:
            if self.parent_id == self.pk:
                raise ValidationError({"parent": _("A theme cannot be its own parent.")})
            if self.parent.parent_id:
                raise ValidationError(
                    {"parent": _("The codebook has two levels: choose a top-level theme.")}
                )
            if self.pk and self.children.exists():
                raise ValidationError(
                    {"parent": _("A theme with sub-themes must stay at the top level.")}
                )
            if self.parent.process_id != self.process_id:
                raise ValidationError({"parent": _("The parent theme belongs to another process.")})


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


class Disposition(models.Model):
    """What became of a contribution: included in the plan, future consideration, out of scope..."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    counts_as_response = models.BooleanField(
        _("counts as a response"),
        default=True,
        help_text=_("When set, the report shows contributions with this disposition as answered."),
    )

    class Meta:
        verbose_name = _("disposition")
        verbose_name_plural = _("dispositions")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


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


class Campaign(models.Model):
    """A group of near-identical contributions (form letter, copy-paste): counted once."""

    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="campaigns"
    )
    key = models.CharField(_("group key"), max_length=64, unique=True)
    representative = models.ForeignKey(
        "contributions.Contribution",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("representative text"),
    )
    size = models.PositiveIntegerField(_("senders"))
    detected_at = models.DateTimeField(_("detected"), auto_now_add=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-size", "pk"]

    def __str__(self) -> str:
        return self.key


class CampaignMember(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="members")
    contribution = models.OneToOneField(
        "contributions.Contribution", on_delete=models.CASCADE, related_name="campaign_membership"
    )
    similarity = models.FloatField(_("similarity"))
    # Paragraphs the sender wrote in addition to the form letter: coded as their own text.
    added_text = models.TextField(_("own added text"), blank=True)

    class Meta:
        verbose_name = _("campaign member")
        verbose_name_plural = _("campaign members")

    def __str__(self) -> str:
        return f"{self.campaign_id}: {self.contribution_id}"


class TrainedModel(models.Model):
    """A model trained by a background task, with its measured quality."""

    class Kind(models.TextChoices):
        THEMES = "themes", _("Theme suggestions")
        MODERATION = "moderation", _("Moderation assistance")

    kind = models.CharField(max_length=12, choices=Kind)
    process = models.ForeignKey(
        "processes.Process", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    trained_at = models.DateTimeField(auto_now_add=True)
    examples = models.PositiveIntegerField(default=0)
    method = models.CharField(max_length=120)
    metrics = models.JSONField(default=dict)
    # The fitted scikit-learn pipeline, pickled by our own task (never from outside).
    artifact = models.BinaryField()

    class Meta:
        verbose_name = _("trained model")
        verbose_name_plural = _("trained models")
        ordering = ["-trained_at", "-pk"]
        get_latest_by = "trained_at"

    def __str__(self) -> str:
        return f"{self.kind} {self.trained_at:%Y-%m-%d %H:%M}"


class TopicRun(models.Model):
    """One theme-discovery run over uncoded contributions (deterministic for its seed)."""

    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="topic_runs"
    )
    seed = models.PositiveIntegerField(_("seed"), default=0)
    documents = models.PositiveIntegerField(_("documents"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.process_id} seed {self.seed}"


class TopicCandidate(models.Model):
    run = models.ForeignKey(TopicRun, on_delete=models.CASCADE, related_name="candidates")
    position = models.PositiveSmallIntegerField()
    size = models.PositiveIntegerField(_("size"))
    terms_en = models.JSONField(default=list)
    terms_fr = models.JSONField(default=list)
    example_ids = models.JSONField(default=list)
    member_ids = models.JSONField(default=list)
    adopted_theme = models.ForeignKey(
        Theme, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["run", "position"]

    def __str__(self) -> str:
        return f"{self.run_id}/{self.position}"


class Report(models.Model):
    """A What We Heard report: a frozen, dated snapshot of the numbers and quotes."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.DRAFT: frozenset({Status.PUBLISHED}),
        Status.PUBLISHED: frozenset(),
    }

    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="reports"
    )
    phase = models.ForeignKey(
        "processes.Phase", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    snapshot_at = models.DateTimeField(_("snapshot taken"))
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    data = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("What We Heard report")
        verbose_name_plural = _("What We Heard reports")
        ordering = ["-snapshot_at", "-pk"]

    def __str__(self) -> str:
        return str(_("What We Heard, %(date)s") % {"date": self.snapshot_at.date().isoformat()})

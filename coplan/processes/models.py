"""The cycle: a Process has ordered Phases; each Phase offers Opportunities to take part."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

DEFAULT_RETENTION_MONTHS = 18


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

    class Meta:
        verbose_name = _("process")
        verbose_name_plural = _("processes")
        ordering = ["-starts_on"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

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
        ).values_list(
            "pk",
            "completed_on",
            "last_phase_ends_on",
            "has_phases",
            "ends_on",
            "status",
            "retention_months",
        )
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
        from django.urls import reverse

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


class StaticPage(models.Model):
    """Bilingual pages written by staff: about open government, rules, privacy notice..."""

    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=250)
    body = models.TextField(_("body"), help_text=_("Plain text; blank lines separate paragraphs."))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("processes:page", kwargs={"slug": self.slug})


class VideoBlock(models.Model):
    """A video with its transcript on a process page or a static page (the seed's welcome video
    "with transcript"): either a file served by the site, with a captions track per language,
    or an embed from an allow-listed service (`processes.blocks.EMBED_HOSTS`). The transcript
    is required in both languages; `processes.blocks.video_block_save` is the one way to store
    one."""

    process = models.ForeignKey(
        Process,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="video_blocks",
        verbose_name=_("process"),
    )
    page = models.ForeignKey(
        StaticPage,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="video_blocks",
        verbose_name=_("page"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=250)
    video_file = models.FileField(_("video file"), upload_to="videos/", blank=True)
    captions_en = models.FileField(_("English captions (WebVTT)"), upload_to="videos/", blank=True)
    captions_fr = models.FileField(_("French captions (WebVTT)"), upload_to="videos/", blank=True)
    embed_url = models.URLField(_("address of the video"), max_length=500, blank=True)
    transcript = models.TextField(
        _("transcript"), help_text=_("Plain text; blank lines separate paragraphs.")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("video")
        verbose_name_plural = _("videos")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(process__isnull=False, page__isnull=True)
                | models.Q(process__isnull=True, page__isnull=False),
                name="video_block_on_one_page",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def embed_src(self) -> str | None:
        """The privacy-enhanced player of an embedded video (None for a file)."""
        from .blocks import embed_source

        return embed_source(self.embed_url) if self.embed_url else None


class ContactBlock(models.Model):
    """ "Contact us at any stage" of a process: the team's address, a contact form, or both.

    Messages sent through the form are contributions (the one path of public input: masked copy,
    contact details apart, moderation, analysis), received by the team in the moderation queue.
    """

    process = models.OneToOneField(
        Process, on_delete=models.CASCADE, related_name="contact_block", verbose_name=_("process")
    )
    introduction = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("What people may write to the team about. Plain text."),
    )
    email = models.EmailField(_("email address of the team"), blank=True)
    form_enabled = models.BooleanField(_("offer a contact form"), default=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("contact block")
        verbose_name_plural = _("contact blocks")

    def __str__(self) -> str:
        return str(_("Contact for %(process)s") % {"process": self.process})

"""The Multi-stakeholder Forum and the evidence of OGP accountability.

A Forum belongs to one process, or stands across processes (process empty). Its members sit for a
term, for an organisation and a sector; its meetings publish an agenda ahead and bilingual minutes
afterwards. Staff attach evidence of what happens outside the system; the team keeps a log of
lessons learned. Repository, coverage, compliance and self-assessment are computed from records
(selectors), never stored, but for the compliance counts the process page shows
(`ComplianceSummary`, recomputed from the records).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The OGP standards ask the forum to meet, and the repository to be updated, at least every six
# months: past this many days without either, pages warn.
SIX_MONTHS = datetime.timedelta(days=183)
# Attachments (meeting documents, evidence): the largest file accepted.
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
TITLE_MAX_LENGTH = 250
BODY_MAX_LENGTH = 50_000


class Sector(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    OTHER = "other", _("Other")


class MemberRole(models.TextChoices):
    CO_CHAIR = "co_chair", _("Co-chair")
    MEMBER = "member", _("Member")
    OBSERVER = "observer", _("Observer")


class Forum(models.Model):
    """The forum of one process, or a standing forum (no process) serving every process."""

    process = models.OneToOneField(
        "processes.Process",
        verbose_name=_("process"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="forum",
        help_text=_("Leave empty for a standing forum that serves every process."),
    )
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=TITLE_MAX_LENGTH)
    terms_of_reference = models.TextField(
        _("terms of reference"),
        blank=True,
        help_text=_("Plain text; blank lines separate paragraphs."),
    )
    participation_rules = models.TextField(
        _("participation rules"),
        blank=True,
        help_text=_("Plain text; blank lines separate paragraphs."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("forum")
        verbose_name_plural = _("forums")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ForumMember(models.Model):
    """A seat on the forum for a term. The name is published: forum membership is public."""

    forum = models.ForeignKey(
        Forum, on_delete=models.CASCADE, related_name="members", verbose_name=_("forum")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    name = models.CharField(_("name as published"), max_length=120)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    sector = models.CharField(_("sector"), max_length=15, choices=Sector)
    role = models.CharField(_("role"), max_length=10, choices=MemberRole, default=MemberRole.MEMBER)
    term_start = models.DateField(_("term starts"))
    term_end = models.DateField(_("term ends"), null=True, blank=True)

    class Meta:
        verbose_name = _("forum member")
        verbose_name_plural = _("forum members")
        ordering = ["forum", "role", "name", "pk"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.term_start and self.term_end and self.term_end < self.term_start:
            raise ValidationError(
                {"term_end": _("The term must not end before it starts.")}, code="term"
            )

    def is_current(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.term_start <= today and (self.term_end is None or today <= self.term_end)


class WorkspacePage(models.Model):
    """A draft the forum works on together, seen by forum members only."""

    forum = models.ForeignKey(
        Forum, on_delete=models.CASCADE, related_name="workspace_pages", verbose_name=_("forum")
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    body = models.TextField(_("text"), help_text=_("Plain text; blank lines separate paragraphs."))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("workspace page")
        verbose_name_plural = _("workspace pages")
        ordering = ["-updated_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class WorkspacePageVersion(models.Model):
    """The text a workspace page had before a save: every save keeps the previous one."""

    page = models.ForeignKey(
        WorkspacePage,
        on_delete=models.CASCADE,
        related_name="versions",
        verbose_name=_("workspace page"),
    )
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    body = models.TextField(_("text"))
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    saved_at = models.DateTimeField(_("written"))

    class Meta:
        verbose_name = _("workspace page version")
        verbose_name_plural = _("workspace page versions")
        ordering = ["page", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["page", "number"], name="workspace_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.page_id} v{self.number}"


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned (not public)")
    AGENDA_PUBLISHED = "agenda", _("Agenda published")
    MINUTES_PUBLISHED = "minutes", _("Minutes published")


# Allowed status changes, checked in one place (services.meeting_set_status).
MEETING_TRANSITIONS: dict[str, frozenset[str]] = {
    MeetingStatus.PLANNED: frozenset({MeetingStatus.AGENDA_PUBLISHED}),
    MeetingStatus.AGENDA_PUBLISHED: frozenset({MeetingStatus.MINUTES_PUBLISHED}),
    MeetingStatus.MINUTES_PUBLISHED: frozenset(),
}
PUBLIC_MEETING_STATUSES = frozenset(
    {MeetingStatus.AGENDA_PUBLISHED, MeetingStatus.MINUTES_PUBLISHED}
)


class Meeting(models.Model):
    """A forum meeting: agenda published ahead, minutes and decisions in both languages after."""

    forum = models.ForeignKey(
        Forum, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("forum")
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    held_at = models.DateTimeField(_("date and time"), db_index=True)
    location = models.CharField(_("place or format"), max_length=TITLE_MAX_LENGTH, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus, default=MeetingStatus.PLANNED
    )
    agenda_published_at = models.DateTimeField(_("agenda published"), null=True, blank=True)
    minutes_published_at = models.DateTimeField(_("minutes published"), null=True, blank=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-held_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_MEETING_STATUSES

    @property
    def minutes_are_public(self) -> bool:
        return self.status == MeetingStatus.MINUTES_PUBLISHED


class Attendance(models.Model):
    """Whether a member attended a meeting (recorded after it)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(ForumMember, on_delete=models.CASCADE, related_name="attendance")
    present = models.BooleanField(_("present"), default=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="attendance_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.member_id}"


class DocumentKind(models.TextChoices):
    PDF = "pdf", _("PDF")
    ODT = "odt", _("OpenDocument text")
    DOCX = "docx", _("Word document")
    TXT = "txt", _("Plain text")
    CSV = "csv", _("Comma-separated values")


DOCUMENT_CONTENT_TYPES = {
    DocumentKind.PDF: "application/pdf",
    DocumentKind.ODT: "application/vnd.oasis.opendocument.text",
    DocumentKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    DocumentKind.TXT: "text/plain; charset=utf-8",
    DocumentKind.CSV: "text/csv; charset=utf-8",
}


class MeetingDocument(models.Model):
    """A file attached to a meeting, public once the meeting is (type and content checked)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    kind = models.CharField(_("type"), max_length=5, choices=DocumentKind)
    file = models.FileField(_("file"), upload_to="forum/documents/%Y/")
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")
        ordering = ["meeting", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.title


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

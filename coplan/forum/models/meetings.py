"""The forum's meetings: an agenda published ahead, bilingual minutes afterwards, who attended,
and the documents attached."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .forum import TITLE_MAX_LENGTH, Forum, ForumMember


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

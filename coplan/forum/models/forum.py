"""The forum: its public pages, its members' seats, the drafts its members write together."""

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

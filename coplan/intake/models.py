"""Intake: where each imported contribution came from, and the record of every import run.

The contributions themselves live in the one corpus (contributions.Contribution). This app keeps
what the corpus does not: the mailboxes it polls, one ImportRun per import (counts and rejects),
the attachments of email contributions, and the personal details that come with social posts
and notes (handles, facilitators) — those sit in IntakeItem, registered with the privacy
registry, never in the contribution text.
"""

from __future__ import annotations

import datetime
import ipaddress
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# A failing mailbox is retried after 1, 2, 4… minutes, never waiting more than this.
MAILBOX_MAX_BACKOFF = datetime.timedelta(hours=6)
MAILBOX_MIN_POLL_MINUTES = 1
MAILBOX_MAX_POLL_MINUTES = 24 * 60
REJECT_RAW_MAX_LENGTH = 2000
ENV_NAME_RE = re.compile(r"^[A-Z_][A-Z0-9_]{0,99}$")


class Mailbox(models.Model):
    """An IMAP mailbox whose unseen messages become email contributions to a process."""

    class Security(models.TextChoices):
        TLS = "tls", _("TLS (IMAPS, usually port 993)")
        STARTTLS = "starttls", _("STARTTLS (usually port 143)")
        NONE = "none", _("None (loopback only, for testing)")

    process = models.ForeignKey(
        "processes.Process",
        on_delete=models.CASCADE,
        related_name="mailboxes",
        verbose_name=_("process"),
    )
    label = models.CharField(_("label"), max_length=120)
    host = models.CharField(_("server"), max_length=255)
    port = models.PositiveIntegerField(
        _("port"), default=993, validators=[MinValueValidator(1), MaxValueValidator(65535)]
    )
    security = models.CharField(
        _("connection security"), max_length=10, choices=Security, default=Security.TLS
    )
    username = models.CharField(_("user"), max_length=255)
    password_env = models.CharField(
        _("password environment variable"),
        max_length=100,
        help_text=_(
            "Name of the environment variable holding the password (the password itself is "
            "never stored)."
        ),
    )
    folder = models.CharField(_("folder"), max_length=255, default="INBOX")
    poll_every_minutes = models.PositiveIntegerField(
        _("poll every (minutes)"),
        default=10,
        validators=[
            MinValueValidator(MAILBOX_MIN_POLL_MINUTES),
            MaxValueValidator(MAILBOX_MAX_POLL_MINUTES),
        ],
    )
    # Context: said of a mailbox (« en service »), not of a person account (« actif »).
    active = models.BooleanField(pgettext_lazy("mailbox", "active"), default=True)
    next_poll_at = models.DateTimeField(_("next poll"), default=timezone.now)
    last_polled_at = models.DateTimeField(_("last poll"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("last successful poll"), null=True, blank=True)
    failure_count = models.PositiveIntegerField(_("consecutive failures"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("mailbox")
        verbose_name_plural = _("mailboxes")
        ordering = ["process", "label"]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        if self.password_env and not ENV_NAME_RE.match(self.password_env):
            raise ValidationError(
                {
                    "password_env": _(
                        "Use capital letters, digits and underscores only, e.g. "
                        "COPLAN_MAILBOX_PASSWORD."
                    )
                }
            )
        if self.security == self.Security.NONE and not _is_loopback(self.host):
            raise ValidationError(
                {"security": _("An unencrypted connection is allowed only to this machine.")}
            )

    @property
    def is_failing(self) -> bool:
        return self.failure_count > 0

    def backoff(self) -> datetime.timedelta:
        """How long to wait before the next try after `failure_count` failures in a row."""
        if not self.failure_count:
            return datetime.timedelta(minutes=self.poll_every_minutes)
        delay = datetime.timedelta(minutes=2 ** min(self.failure_count - 1, 20))
        return min(delay, MAILBOX_MAX_BACKOFF)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class ImportRun(models.Model):
    """One import: a mailbox poll, an email file, a social-media export or a notes file."""

    class Source(models.TextChoices):
        IMAP = "imap", _("Mailbox (IMAP)")
        EMAIL_FILE = "email_file", _("Email file (.eml or .mbox)")
        SOCIAL = "social", _("Social-media export")
        NOTES = "notes", _("In-person notes")

    class State(models.TextChoices):
        RUNNING = "running", _("Running")
        # Context: the French agrees with « importation » (feminine).
        DONE = "done", pgettext_lazy("import run", "Done")
        FAILED = "failed", _("Failed")

    process = models.ForeignKey(
        "processes.Process",
        on_delete=models.CASCADE,
        related_name="import_runs",
        verbose_name=_("process"),
    )
    source = models.CharField(_("source"), max_length=12, choices=Source)
    mailbox = models.ForeignKey(
        Mailbox,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="runs",
        verbose_name=_("mailbox"),
    )
    filename = models.CharField(_("file"), max_length=255, blank=True)
    file_sha256 = models.CharField(_("file fingerprint (SHA-256)"), max_length=64, blank=True)
    preset = models.CharField(_("column preset"), max_length=40, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.RUNNING)
    started_at = models.DateTimeField(_("started"), default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    read_count = models.PositiveIntegerField(_("read"), default=0)
    imported_count = models.PositiveIntegerField(_("imported"), default=0)
    duplicate_count = models.PositiveIntegerField(_("duplicates"), default=0)
    # Notes edited in a file imported again: the stored note (still pending) took the new text.
    # Context: a count of notes (« mises à jour »), not the date other models call "updated".
    updated_count = models.PositiveIntegerField(
        pgettext_lazy("count of notes", "updated"), default=0
    )
    rejected_count = models.PositiveIntegerField(_("rejected"), default=0)
    error = models.TextField(_("error"), blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("imported by"),
    )
    progress = models.ForeignKey(
        "core.JobProgress",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("progress"),
    )

    class Meta:
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return str(
            _("%(source)s, %(started)s")
            % {
                "source": self.get_source_display(),
                "started": timezone.localtime(self.started_at).strftime("%Y-%m-%d %H:%M"),
            }
        )


class ImportReject(models.Model):
    """A message, row or file that could not be imported, and why."""

    run = models.ForeignKey(
        ImportRun, on_delete=models.CASCADE, related_name="rejects", verbose_name=_("import run")
    )
    position = models.PositiveIntegerField(_("message or row"), default=0)
    line = models.PositiveIntegerField(_("line"), null=True, blank=True)
    column = models.CharField(_("column"), max_length=120, blank=True)
    reason = models.TextField(_("reason"))
    # An excerpt of what was rejected, for staff to fix and re-import: may hold personal details.
    raw = models.TextField(_("excerpt"), blank=True)

    class Meta:
        verbose_name = _("rejected item")
        verbose_name_plural = _("rejected items")
        ordering = ["run", "position", "pk"]

    def __str__(self) -> str:
        return self.reason[:80]


class IntakeItem(models.Model):
    """Where an imported contribution came from, with the personal details it carried."""

    contribution = models.OneToOneField(
        "contributions.Contribution",
        on_delete=models.CASCADE,
        related_name="intake_item",
        verbose_name=_("contribution"),
    )
    run = models.ForeignKey(
        ImportRun,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="items",
        verbose_name=_("import run"),
    )
    platform = models.CharField(_("platform"), max_length=40, blank=True)
    handle = models.CharField(_("author handle"), max_length=255, blank=True)
    facilitator = models.CharField(_("facilitator"), max_length=200, blank=True)
    source_url = models.URLField(_("address of the post"), max_length=500, blank=True)
    deidentified_at = models.DateTimeField(_("de-identified"), null=True, blank=True)

    class Meta:
        verbose_name = _("imported item")
        verbose_name_plural = _("imported items")

    def __str__(self) -> str:
        return str(
            _("Import details for contribution %(number)s") % {"number": self.contribution_id}
        )


def attachment_path(instance: EmailAttachment, filename: str) -> str:
    # Never the sender's file name in the path: it may hold personal details.
    return f"intake/attachments/{timezone.now():%Y/%m}/{instance.sha256[:32]}"


class EmailAttachment(models.Model):
    """A file that came with an email contribution; staff only (never public, never exported)."""

    contribution = models.ForeignKey(
        "contributions.Contribution",
        on_delete=models.CASCADE,
        related_name="intake_attachments",
        verbose_name=_("contribution"),
    )
    filename = models.CharField(_("file"), max_length=255)
    content_type = models.CharField(_("type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("fingerprint (SHA-256)"), max_length=64)
    text_extracted = models.BooleanField(_("text added to the contribution"), default=False)
    file = models.FileField(_("stored file"), upload_to=attachment_path, blank=True)

    class Meta:
        verbose_name = _("email attachment")
        verbose_name_plural = _("email attachments")
        ordering = ["contribution", "pk"]

    def __str__(self) -> str:
        return self.filename

"""What the privacy app itself keeps: what retention did, and people's correction requests."""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A correction request is answered within this many days (Privacy Act, section 16).
CORRECTION_DUE_DAYS = 30


class RetentionRun(models.Model):
    """One pass of de-identification or hash erasure: counts per model, never personal data."""

    class Kind(models.TextChoices):
        RETENTION = "retention", _("De-identification after the retention period")
        CLIENT_HASHES = "client_hashes", _("Erasure of client address hashes")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.RETENTION)
    dry_run = models.BooleanField(_("dry run"), default=False)
    run_on = models.DateField(_("as of"))
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # {"app_label.Model": number of records}; for a dry run, what would have been done.
    counts = models.JSONField(_("records per model"), default=dict, blank=True)
    accounts_deactivated = models.PositiveIntegerField(_("accounts deactivated"), default=0)

    class Meta:
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.run_on:%Y-%m-%d}"

    @property
    def total(self) -> int:
        return sum(self.counts.values())


class CorrectionRequest(models.Model):
    """A person asks us to correct personal information we hold; staff answer within 30 days."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        IN_PROGRESS = "in_progress", _("In progress")
        CORRECTED = "corrected", _("Corrected")
        DECLINED = "declined", _("Declined, with a notation on file")

    # Allowed status changes, checked in one place (services.correction_request_set_status).
    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.RECEIVED: frozenset({Status.IN_PROGRESS, Status.CORRECTED, Status.DECLINED}),
        Status.IN_PROGRESS: frozenset({Status.CORRECTED, Status.DECLINED}),
        Status.CORRECTED: frozenset(),
        Status.DECLINED: frozenset(),
    }
    OPEN_STATUSES = (Status.RECEIVED, Status.IN_PROGRESS)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="correction_requests",
    )
    email = models.EmailField(_("email address"), blank=True)
    language = models.CharField(_("language"), max_length=2, default="en")
    details = models.TextField(_("what should be corrected"))
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.RECEIVED)
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    due_on = models.DateField(_("answer due by"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    response = models.TextField(_("answer to the person"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    deidentified_at = models.DateTimeField(_("de-identified"), null=True, blank=True)

    class Meta:
        verbose_name = _("correction request")
        verbose_name_plural = _("correction requests")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return str(_("Correction request %(number)s") % {"number": self.pk})

    @staticmethod
    def due_date(received: datetime.datetime) -> datetime.date:
        return timezone.localdate(received) + datetime.timedelta(days=CORRECTION_DUE_DAYS)

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.status in self.OPEN_STATUSES and self.due_on < today


class AccessRequest(models.Model):
    """Someone asked, by email address, to see what we hold about them; the link is signed.

    The link carries only this request's id and a timestamped signature, never the address
    (links end up in browser histories and server logs).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField(_("email address"))
    language = models.CharField(_("language"), max_length=2, default="en")
    requested_at = models.DateTimeField(_("requested"), default=timezone.now, db_index=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    # Keyed hash of the client's address, for abuse investigations; erased after 30 days.
    client_hash = models.CharField(_("client hash"), max_length=64, blank=True)
    deidentified_at = models.DateTimeField(_("de-identified"), null=True, blank=True)

    class Meta:
        verbose_name = _("access request")
        verbose_name_plural = _("access requests")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return str(_("Access request of %(date)s") % {"date": f"{self.requested_at:%Y-%m-%d}"})

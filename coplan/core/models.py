"""Shared machinery: periodic schedules and progress of long-running work."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ScheduledJob(models.Model):
    """When a periodic task last ran and next runs; claimed atomically so one worker enqueues it."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    next_run_at = models.DateTimeField(_("next run"))
    last_run_at = models.DateTimeField(_("last run"), null=True, blank=True)
    last_task_id = models.CharField(_("last task"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("scheduled job")
        verbose_name_plural = _("scheduled jobs")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class WorkerHeartbeat(models.Model):
    """A task worker says it is alive; jobs of workers that stopped beating are run again."""

    worker_id = models.CharField(_("worker"), max_length=64, unique=True)
    last_seen = models.DateTimeField(_("last seen"), db_index=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return self.worker_id


class JobProgress(models.Model):
    """How far a long piece of work (import, export, analysis, mailing) has come."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    label = models.CharField(_("label"), max_length=200)
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.QUEUED)
    total = models.PositiveBigIntegerField(_("total"), default=0)
    done = models.PositiveBigIntegerField(_("done"), default=0)
    message = models.CharField(_("message"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("job progress")
        verbose_name_plural = _("job progress")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.label

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        if not self.total:
            return 0
        return min(100, int(self.done * 100 / self.total))


class StaffAction(models.Model):
    """One data-changing request by a staff member: the audit trail of staff work.

    Holds the view and the ids in its URL, never form data or query strings. Rows are only
    added: nothing in the application updates or deletes them.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    method = models.CharField(_("method"), max_length=10)
    view_name = models.CharField(_("page"), max_length=200)
    object_ids = models.CharField(_("objects"), max_length=500, blank=True)
    status = models.PositiveSmallIntegerField(_("status"))

    class Meta:
        verbose_name = _("staff action")
        verbose_name_plural = _("staff actions")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.method} {self.view_name}"


class OutgoingMail(models.Model):
    """One transactional message (a confirmation link, an access link), sent at most once.

    Its key names the message (the kind and the ids it is about, never an address). A worker
    claims the row by one conditional UPDATE just before handing the message to SMTP and records
    it as sent right after, as announcements' deliveries do (coplan.notifications): a task run
    again sends nothing twice, and a message whose worker died mid-send is sent again, with the
    same Message-ID, only once its claim has lapsed (see coplan.core.mail).
    """

    key = models.CharField(_("message"), max_length=200, unique=True)
    claim = models.CharField(max_length=32, blank=True)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.key

"""What We Heard reports: dated snapshots of what was heard."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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

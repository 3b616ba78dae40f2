"""Moderation: the reasons drawn from the rules of participation, and the audit log.

Every decision (approve, reject, hide, restore, dismiss flags) is one Decision row: who, when,
what, from which state to which, and why. The log is append-only: rows are never changed or
deleted, from the site, the admin or the ORM.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ModerationReason(models.Model):
    """A reason to reject or hide a contribution, quoted from the rules of participation."""

    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    title = models.CharField(_("reason"), max_length=200)
    explanation = models.TextField(
        _("explanation"), blank=True, help_text=_("The rule of participation it applies.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("moderation reason")
        verbose_name_plural = _("moderation reasons")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class Action(models.TextChoices):
    APPROVE = "approve", _("Approve")
    REJECT = "reject", _("Reject")
    HIDE = "hide", _("Hide")
    RESTORE = "restore", _("Publish again")
    DISMISS_FLAGS = "dismiss_flags", _("Dismiss the reports")


class DecisionQuerySet(models.QuerySet["Decision"]):
    """The log can grow, never change."""

    def update(self, **kwargs):
        raise PermissionDenied("The moderation log is append-only.")

    def delete(self):
        raise PermissionDenied("The moderation log is append-only.")


class Decision(models.Model):
    contribution = models.ForeignKey(
        "contributions.Contribution",
        on_delete=models.PROTECT,
        related_name="moderation_decisions",
        verbose_name=_("contribution"),
    )
    action = models.CharField(_("action"), max_length=15, choices=Action)
    from_state = models.CharField(_("from state"), max_length=10)
    to_state = models.CharField(_("to state"), max_length=10)
    reason = models.ForeignKey(
        ModerationReason,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name=_("reason"),
    )
    note = models.TextField(_("note"), blank=True)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="moderation_decisions",
        verbose_name=_("moderator"),
    )
    decided_at = models.DateTimeField(_("decided"), default=timezone.now, db_index=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("moderation decision")
        verbose_name_plural = _("moderation decisions")
        ordering = ["-decided_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} #{self.contribution_id}"

    def save(self, *args, **kwargs) -> None:
        # Guarantee, not logic: a stored decision is never rewritten.
        if not self._state.adding:
            raise PermissionDenied("The moderation log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("The moderation log is append-only.")

    @property
    def from_state_label(self) -> str:
        return _state_label(self.from_state)

    @property
    def to_state_label(self) -> str:
        return _state_label(self.to_state)


def _state_label(code: str) -> str:
    from coplan.contributions.models import ModerationState

    try:
        return str(ModerationState(code).label)
    except ValueError:
        return code

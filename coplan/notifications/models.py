"""Subscriptions (no account needed, double opt-in), announcements, and one delivery per person.

An Announcement is a real event in the system (a phase opens, an opportunity opens on its date, a
plan or report is published). Fan-out creates one Delivery per confirmed subscriber following
it; the unique (subscriber, announcement) pair and the claim before sending mean that a retried
task never sends the same announcement twice to the same person.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_token() -> str:
    return secrets.token_urlsafe(24)


class AnnouncementKind(models.TextChoices):
    PHASE_OPENED = "phase_opened", _("A phase opens")
    OPPORTUNITY_OPENED = "opportunity_opened", _("An opportunity to take part opens")
    OPPORTUNITY_CLOSED = "opportunity_closed", _("An opportunity to take part closes")
    DRAFT_PLAN_PUBLISHED = "draft_plan_published", _("The draft plan is published")
    FINAL_PLAN_PUBLISHED = "final_plan_published", _("The final plan is published")
    REPORT_PUBLISHED = "report_published", _("A What We Heard report is published")
    DATASET_PUBLISHED = "dataset_published", _("A data set is published")
    EVENT_ANNOUNCED = "event_announced", _("An event is announced")
    COMMITMENT_PROGRESS = "commitment_progress", _("Progress on a commitment")
    CONTRIBUTION_RESPONSE = "contribution_response", _("A response to a contribution")
    FORUM_MINUTES_PUBLISHED = "forum_minutes_published", _("Forum meeting minutes are published")
    LESSONS_PUBLISHED = "lessons_published", _("Lessons learned are published")


# What a process subscription can follow (commitment progress is followed per commitment, and a
# response per contribution).
PROCESS_KINDS = [
    kind
    for kind in AnnouncementKind
    if kind not in (AnnouncementKind.COMMITMENT_PROGRESS, AnnouncementKind.CONTRIBUTION_RESPONSE)
]


class Subscriber(models.Model):
    """An email address that asked for news; nothing but the confirmation goes to it until
    it is confirmed."""

    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", _("As it happens")
        WEEKLY = "weekly", _("A weekly digest")

    class Language(models.TextChoices):
        EN = "en", _("English")
        FR = "fr", _("French")

    email = models.EmailField(_("email address"), unique=True)
    language = models.CharField(_("language"), max_length=2, choices=Language, default="en")
    frequency = models.CharField(
        _("frequency"), max_length=10, choices=Frequency, default=Frequency.IMMEDIATE
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="subscribers",
    )
    # Secret of the manage and unsubscribe links; replaced on unsubscribe so old links stop.
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(_("confirmation sent"), null=True, blank=True)
    bounce_count = models.PositiveSmallIntegerField(_("bounces"), default=0)
    # Keyed hash of the client's address when subscribing, for abuse; erased after 30 days.
    client_hash = models.CharField(_("client hash"), max_length=64, blank=True)
    deidentified_at = models.DateTimeField(_("de-identified"), null=True, blank=True)

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["confirmed_at", "unsubscribed_at"])]

    def __str__(self) -> str:
        return str(_("Subscriber %(number)s") % {"number": self.pk})

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None


class Subscription(models.Model):
    """What a subscriber follows: a process (some kinds of news) or one commitment."""

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="subscriptions"
    )
    process = models.ForeignKey(
        "processes.Process",
        verbose_name=_("process"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    target_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    # The kinds followed, as ",phase_opened,report_published," so that one LIKE finds them on
    # every database (JSON containment is not available on SQLite).
    kinds = models.CharField(_("news followed"), max_length=400, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "process"],
                condition=models.Q(target_type__isnull=True),
                name="subscription_unique_process",
            ),
            models.UniqueConstraint(
                fields=["subscriber", "target_type", "target_id"],
                condition=models.Q(target_type__isnull=False),
                name="subscription_unique_target",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Subscription %(number)s") % {"number": self.pk})

    @staticmethod
    def encode_kinds(kinds) -> str:
        return "," + ",".join(sorted(set(kinds))) + "," if kinds else ""

    @property
    def kind_list(self) -> list[str]:
        return [kind for kind in self.kinds.split(",") if kind]

    @property
    def kind_labels(self) -> list[str]:
        # In the order of the choices (the order of the subscription form), not alphabetical.
        labels = dict(AnnouncementKind.choices)
        order = {kind: index for index, kind in enumerate(AnnouncementKind.values)}
        kinds = sorted(self.kind_list, key=lambda kind: order.get(kind, len(order)))
        return [str(labels.get(kind, kind)) for kind in kinds]


class Announcement(models.Model):
    """One piece of news: built from a real event, sent to everyone following it."""

    kind = models.CharField(_("kind"), max_length=30, choices=AnnouncementKind)
    process = models.ForeignKey(
        "processes.Process",
        verbose_name=_("process"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    target_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    # Bilingual: title_en/title_fr, body_en/body_fr (modeltranslation).
    title = models.CharField(_("title"), max_length=250)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    # The same event announced twice (a retried scheduler tick) is one announcement.
    key = models.CharField(_("event key"), max_length=200, unique=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    fanned_out_at = models.DateTimeField(_("queued for subscribers"), null=True, blank=True)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class Digest(models.Model):
    """One weekly digest email for one subscriber (unique per week: sent once)."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="digests")
    week_of = models.DateField(_("week of"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("digest")
        verbose_name_plural = _("digests")
        constraints = [
            models.UniqueConstraint(fields=["subscriber", "week_of"], name="digest_unique_week")
        ]

    def __str__(self) -> str:
        return f"{self.subscriber_id} {self.week_of}"


class Delivery(models.Model):
    """One message to one subscriber: claimed before sending, so it is sent at most once."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        DIGEST = "digest", _("Waiting for the weekly digest")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        RETRY = "retry", _("Failed, will be retried")
        FAILED = "failed", _("Failed")
        BOUNCED = "bounced", _("Refused by the recipient's server")
        SKIPPED = "skipped", _("Not sent (unsubscribed)")

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    announcement = models.ForeignKey(
        Announcement, on_delete=models.CASCADE, related_name="deliveries"
    )
    digest = models.ForeignKey(
        Digest, null=True, blank=True, on_delete=models.SET_NULL, related_name="deliveries"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # The SMTP reply or error class; never the address.
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    # Which worker claimed it (a random token): the claim is one conditional UPDATE.
    claim = models.CharField(max_length=32, blank=True, db_index=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "announcement"], name="delivery_unique_per_subscriber"
            )
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.announcement_id} → {self.subscriber_id}: {self.status}"


class DetectorState(models.Model):
    """How far the scheduler has looked for events (e.g. the last status change seen)."""

    name = models.CharField(max_length=100, unique=True)
    last_id = models.PositiveBigIntegerField(default=0)
    last_date = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name

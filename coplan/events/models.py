"""Sessions (in person, online, hybrid) and the registrations to them.

Seats are counted on the event (`confirmed_count`) and taken by one conditional UPDATE, and a
database check forbids more confirmed seats than the capacity: two people registering at the
same moment for the last seat cannot both get it, on SQLite or PostgreSQL. Notes taken at a
session are Contributions (channel "in person") whose target is the event.
"""

from __future__ import annotations

import datetime
import secrets
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from coplan.contributions.models import ModerationState, Province

NAME_MAX_LENGTH = 120
NEEDS_MAX_LENGTH = 1000

# Time zones of Canada, west to east, as staff pick them for a session.
TIME_ZONES = [
    ("America/Vancouver", _("Pacific time (Vancouver)")),
    ("America/Whitehorse", _("Yukon time (Whitehorse)")),
    ("America/Edmonton", _("Mountain time (Edmonton, Yellowknife)")),
    ("America/Regina", _("Saskatchewan time (Regina)")),
    ("America/Winnipeg", _("Central time (Winnipeg)")),
    ("America/Toronto", _("Eastern time (Toronto, Ottawa, Iqaluit)")),
    ("America/Halifax", _("Atlantic time (Halifax, Moncton, Charlottetown)")),
    ("America/St_Johns", _("Newfoundland time (St. John’s)")),
]


def new_token() -> str:
    return secrets.token_urlsafe(32)


class EventQuerySet(models.QuerySet["Event"]):
    def public(self) -> EventQuerySet:
        """Sessions the public may see: the team's own, and proposed ones once a moderator has
        published the proposal. Every public page, feed, export and API reads through this."""
        return self.filter(
            Q(proposal__isnull=True) | Q(proposal__moderation_state=ModerationState.PUBLISHED)
        )

    def upcoming(self, now: datetime.datetime | None = None) -> EventQuerySet:
        return self.filter(ends_at__gte=now or timezone.now()).order_by("starts_at", "pk")

    def past(self, now: datetime.datetime | None = None) -> EventQuerySet:
        return self.filter(ends_at__lt=now or timezone.now()).order_by("-starts_at", "-pk")


class Event(models.Model):
    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid (in person and online)")

    class Host(models.TextChoices):
        TEAM = "team", _("The open-government team")
        PARTNER = "partner", _("A partner organisation")

    opportunity = models.ForeignKey(
        "processes.Opportunity",
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("opportunity"),
    )
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"))
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"))
    time_zone = models.CharField(
        _("time zone"), max_length=40, choices=TIME_ZONES, default="America/Toronto"
    )
    format = models.CharField(_("format"), max_length=10, choices=Format, default=Format.IN_PERSON)
    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    venue_address = models.CharField(_("street address of the venue"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    province = models.CharField(
        _("province or territory"), max_length=2, choices=Province, blank=True, db_index=True
    )
    online_url = models.URLField(_("online link"), max_length=500, blank=True)
    host = models.CharField(_("host"), max_length=10, choices=Host, default=Host.TEAM)
    host_organisation = models.CharField(_("host organisation"), max_length=200, blank=True)
    third_party_event = models.CharField(
        _("held at a third party's event"),
        max_length=200,
        blank=True,
        help_text=_("The name of the conference or event this session is part of, if any."),
    )
    accessibility = models.TextField(_("accessibility information"), blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    registration_open = models.BooleanField(_("registration open"), default=True)
    # Seats taken by confirmed registrations; changed only by the services, by F() updates.
    confirmed_count = models.PositiveIntegerField(_("confirmed registrations"), default=0)
    attendance = models.PositiveIntegerField(
        _("attendance"),
        null=True,
        blank=True,
        help_text=_("How many people took part, counted after the session."),
    )
    summary = models.TextField(
        _("public summary"), blank=True, help_text=_("What was discussed, shown after the session.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Set when a partner or a third party proposed the session through the public form: the
    # proposal is a contribution (its text masked, its contact kept apart, moderated in the one
    # queue) and the session stays unlisted until that contribution is published.
    proposal = models.OneToOneField(
        "contributions.Contribution",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="proposed_session",
        verbose_name=_("proposal"),
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(confirmed_count__lte=F("capacity")),
                name="event_no_overbooking",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("events:detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The session must end after it starts.")
        if self.format in (self.Format.IN_PERSON, self.Format.HYBRID) and not (
            self.city and self.province
        ):
            errors["city"] = _("An in-person session needs a city and a province or territory.")
        if self.format in (self.Format.ONLINE, self.Format.HYBRID) and not self.online_url:
            errors["online_url"] = _("An online session needs its link.")
        if self.host == self.Host.PARTNER and not self.host_organisation:
            errors["host_organisation"] = _("Name the partner organisation that hosts it.")
        if self.capacity is not None and self.capacity < self.confirmed_count:
            errors["capacity"] = _(
                "%(count)s people are already confirmed: the capacity cannot be lower."
            ) % {"count": self.confirmed_count}
        if errors:
            raise ValidationError(errors)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def is_full(self) -> bool:
        return self.capacity is not None and self.confirmed_count >= self.capacity

    @property
    def seats_left(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.confirmed_count, 0)

    def is_past(self, now: datetime.datetime | None = None) -> bool:
        return self.ends_at < (now or timezone.now())

    def accepts_registrations(self, now: datetime.datetime | None = None) -> bool:
        """Registration is open and the session has not started."""
        return self.registration_open and self.starts_at > (now or timezone.now())

    @property
    def is_proposed(self) -> bool:
        """Proposed by a partner or a third party through the public form."""
        return self.proposal_id is not None

    @property
    def at_third_party_event(self) -> bool:
        return bool(self.third_party_event)


class Registration(models.Model):
    """A person's place (or place in line) at a session: personal information."""

    class Status(models.TextChoices):
        # Contexts: the French agrees with « inscription » (feminine).
        CONFIRMED = "confirmed", pgettext_lazy("registration", "Confirmed")
        WAITLISTED = "waitlisted", _("On the waitlist")
        CANCELLED = "cancelled", _("Cancelled")

    # Allowed status changes, checked in one place (services).
    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.CONFIRMED: frozenset({Status.CANCELLED}),
        Status.WAITLISTED: frozenset({Status.CONFIRMED, Status.CANCELLED}),
        Status.CANCELLED: frozenset(),
    }

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("session")
    )
    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH)
    email = models.EmailField(_("email address"))
    accessibility_needs = models.TextField(_("accessibility needs"), blank=True)
    language = models.CharField(_("language"), max_length=2, default="en")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_registrations",
        verbose_name=_("account"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status)
    # The secret in the link of the emails: whoever holds it may see and cancel the registration.
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    created_at = models.DateTimeField(_("registered"), default=timezone.now)
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)
    deidentified_at = models.DateTimeField(_("de-identified"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["event", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~Q(status="cancelled"),
                name="registration_once_per_email",
            ),
        ]
        indexes = [models.Index(fields=["event", "status", "created_at"])]

    def __str__(self) -> str:
        return str(_("Registration %(number)s") % {"number": self.pk})


OFFER_MAX_LENGTH = 2000
REPLY_MAX_LENGTH = 4000


class VolunteerOffer(models.Model):
    """A person's offer to co-lead or facilitate sessions of a process: personal information.

    Received through the public form, answered by staff (accepted or declined, with a reply
    emailed in the person's language); de-identified with the process's retention clock.
    """

    class Role(models.TextChoices):
        CO_LEAD = "co_lead", _("Co-lead a session")
        FACILITATE = "facilitate", _("Facilitate a session")
        EITHER = "either", _("Either")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        # Context: the French agrees with « offre » (feminine).
        ACCEPTED = "accepted", pgettext_lazy("volunteer offer", "Accepted")
        DECLINED = "declined", pgettext_lazy("volunteer offer", "Declined")

    # An answer is final: the person has been told.
    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.RECEIVED: frozenset({Status.ACCEPTED, Status.DECLINED}),
        Status.ACCEPTED: frozenset(),
        Status.DECLINED: frozenset(),
    }

    process = models.ForeignKey(
        "processes.Process",
        on_delete=models.CASCADE,
        related_name="volunteer_offers",
        verbose_name=_("process"),
    )
    role = models.CharField(_("I would like to"), max_length=10, choices=Role)
    offer = models.TextField(_("what you offer"), max_length=OFFER_MAX_LENGTH)
    city = models.CharField(_("city or community"), max_length=120, blank=True)
    province = models.CharField(
        _("province or territory"), max_length=2, choices=Province, blank=True
    )
    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH)
    email = models.EmailField(_("email address"))
    language = models.CharField(_("language"), max_length=2, default="en")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="volunteer_offers",
        verbose_name=_("account"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.RECEIVED, db_index=True
    )
    reply = models.TextField(_("reply to the person"), max_length=REPLY_MAX_LENGTH, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("answered by"),
    )
    created_at = models.DateTimeField(_("received"), default=timezone.now)
    deidentified_at = models.DateTimeField(_("de-identified"), null=True, blank=True)

    class Meta:
        verbose_name = _("volunteer offer")
        verbose_name_plural = _("volunteer offers")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return str(_("Volunteer offer %(number)s") % {"number": self.pk})

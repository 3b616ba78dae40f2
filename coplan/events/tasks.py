"""Transactional emails to registrants, in their language, through Django's email API."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from django_tasks import task

from coplan.core.mail import send_once

from . import ics
from .models import Registration

KINDS = {"confirmed", "waitlisted", "promoted", "cancelled"}


def _subject(kind: str, title: str) -> str:
    subjects = {
        "confirmed": _("You are registered: %(title)s"),
        "waitlisted": _("You are on the waitlist: %(title)s"),
        "promoted": _("A seat is now yours: %(title)s"),
        "cancelled": _("Your registration is cancelled: %(title)s"),
    }
    return subjects[kind] % {"title": title}


@task(queue_name="mail")
def registration_email_send(registration_id: int, kind: str, at: float | None = None) -> bool:
    """Email a registrant about their registration; the .ics rides along when they have a seat.

    `at` is the time of the change the email tells of (the registration's status_changed_at when
    it was queued): with the kind it names the message, so a task run again sends nothing more
    and a later change is a new message.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown registration email {kind!r}")
    registration = Registration.objects.select_related("event").filter(pk=registration_id).first()
    if registration is None or registration.deidentified_at is not None:
        return False
    changed = registration.status_changed_at.timestamp() if at is None else at
    return send_once(
        f"registration-{kind}:{registration.pk}:{changed}",
        lambda: _registration_message(registration, kind),
    )


def _registration_message(registration: Registration, kind: str) -> EmailMultiAlternatives:
    event = registration.event
    with override(registration.language), timezone.override(event.zone):
        site = settings.COPLAN_SITE_URL.rstrip("/")
        context = {
            "registration": registration,
            "event": event,
            "kind": kind,
            "manage_url": site
            + reverse("events:registration", kwargs={"token": registration.token}),
            "event_url": site + event.get_absolute_url(),
        }
        message = EmailMultiAlternatives(
            subject=_subject(kind, event.title),
            body=render_to_string("events/email/registration.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[registration.email],
        )
        if kind in ("confirmed", "promoted", "cancelled"):
            method = "CANCEL" if kind == "cancelled" else "PUBLISH"
            body = ics.calendar([event], method=method, cancelled=kind == "cancelled")
            message.attach(f"session-{event.pk}.ics", body, f"text/calendar; method={method}")
    return message

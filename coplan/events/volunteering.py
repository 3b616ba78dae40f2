"""Volunteers: people who offer to co-lead or facilitate sessions of a process.

An offer is received through the public form and answered once by staff (accepted or declined),
the reply emailed to the person in the language they wrote in. Offers are personal information
(see apps.py: registry entry, de-identified with the process's retention clock).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from django_tasks import task

from coplan.accounts.models import User
from coplan.contributions.models import Province
from coplan.core.mail import send_once
from coplan.core.text import clean_public_text
from coplan.processes.models import Process

from .models import NAME_MAX_LENGTH, OFFER_MAX_LENGTH, REPLY_MAX_LENGTH, VolunteerOffer

CITY_MAX_LENGTH = 120


def volunteer_offer_submit(
    *,
    process: Process,
    role: str,
    offer: str,
    city: str,
    province: str,
    name: str,
    email: str,
    language: str = "en",
    user: User | None = None,
    now: datetime.datetime | None = None,
) -> VolunteerOffer:
    """Store a person's offer to help with sessions; nothing is stored if any field is wrong."""
    if process.completed_on is not None:
        raise ValidationError(
            _("This consultation is closed: it no longer takes volunteers."), code="closed"
        )
    cleaned, errors = _offer_checked(
        role=role, offer=offer, city=city, name=name, province=province
    )
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = [_("Enter a valid email address.")]
    if errors:
        raise ValidationError(errors)
    volunteer = VolunteerOffer(
        process=process,
        role=role,
        province=province or "",
        email=email,
        language=language if language in ("en", "fr") else "en",
        user=user if user is not None and user.is_authenticated else None,
        created_at=now or timezone.now(),
        **cleaned,
    )
    volunteer.full_clean()
    volunteer.save()
    return volunteer


# The offer's free texts: (field, longest accepted, required).
TEXTS_CHECKED = (
    ("offer", OFFER_MAX_LENGTH, True),
    ("city", CITY_MAX_LENGTH, False),
    ("name", NAME_MAX_LENGTH, True),
)


def _offer_checked(**fields: str) -> tuple[dict[str, str], dict[str, list[str]]]:
    """The offer's texts as stored, and each wrong field's errors."""
    errors: dict[str, list[str]] = {}
    if fields["role"] not in VolunteerOffer.Role.values:
        errors["role"] = [_("Choose how you would like to help.")]
    cleaned: dict[str, str] = {}
    for field, max_length, required in TEXTS_CHECKED:
        try:
            cleaned[field] = clean_public_text(
                fields[field], max_length=max_length, required=required
            )
        except ValidationError as error:
            errors[field] = error.messages
    if fields["province"] and fields["province"] not in Province.values:
        errors["province"] = [_("Choose a province or territory from the list.")]
    return cleaned, errors


def volunteer_offer_answer(
    *,
    volunteer: VolunteerOffer,
    status: str,
    reply: str,
    by: User,
    now: datetime.datetime | None = None,
) -> VolunteerOffer:
    """Accept or decline an offer once, with a reply emailed to the person after the commit."""
    _check_transition(volunteer.status, status)
    reply = _reply_checked(reply)
    with transaction.atomic():
        # Conditional update: two staff answering at once cannot both send a reply.
        updated = VolunteerOffer.objects.filter(pk=volunteer.pk, status=volunteer.status).update(
            status=status, reply=reply, answered_at=now or timezone.now(), answered_by=by
        )
        if not updated:
            raise ValidationError(
                _("Someone else has just answered this offer."), code="concurrent"
            )
        transaction.on_commit(lambda: volunteer_reply_send.enqueue(volunteer_id=volunteer.pk))
    volunteer.refresh_from_db()
    return volunteer


def _check_transition(current: str, status: str) -> None:
    if status in VolunteerOffer.TRANSITIONS.get(current, frozenset()):
        return
    statuses = VolunteerOffer.Status
    new = statuses(status).label if status in statuses.values else status
    message = _("A volunteer offer cannot go from “%(current)s” to “%(new)s”.") % {
        "current": statuses(current).label,
        "new": new,
    }
    raise ValidationError({"status": [message]}, code="transition")


def _reply_checked(reply: str) -> str:
    """The reply as sent; an empty one is refused with what to write."""
    try:
        return clean_public_text(reply, max_length=REPLY_MAX_LENGTH)
    except ValidationError as error:
        # A blank reply is told what to write (clean_public_text calls it "empty").
        if error.code == "empty":
            raise ValidationError(
                {"reply": [_("Write the reply the person will receive.")]}, code="required"
            ) from None
        raise ValidationError({"reply": error.messages}) from None


def _reply_subject(volunteer: VolunteerOffer) -> str:
    if volunteer.status == VolunteerOffer.Status.ACCEPTED:
        return _("Your offer to volunteer is accepted: %(process)s") % {
            "process": volunteer.process.title
        }
    return _("Your offer to volunteer: %(process)s") % {"process": volunteer.process.title}


@task(queue_name="mail")
def volunteer_reply_send(volunteer_id: int) -> bool:
    """Email staff's reply to the volunteer, in the language they wrote in."""
    volunteer = VolunteerOffer.objects.select_related("process").filter(pk=volunteer_id).first()
    if volunteer is None or volunteer.deidentified_at is not None or not volunteer.reply:
        return False

    def build() -> EmailMessage:
        with override(volunteer.language):
            return EmailMessage(
                subject=_reply_subject(volunteer),
                body=render_to_string("events/email/volunteer_reply.txt", {"volunteer": volunteer}),
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[volunteer.email],
            )

    # One message per answer: the task run again sends nothing more.
    return send_once(f"volunteer-reply:{volunteer.pk}:{volunteer.answered_at.timestamp()}", build)

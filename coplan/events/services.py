"""Session use cases: register, cancel, promote from the waitlist, attendance, notes."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import IO

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from coplan.accounts.models import User
from coplan.contributions.models import TEXT_MAX_LENGTH, Channel, Contribution, Kind
from coplan.contributions.services import contribution_submit
from coplan.core.text import clean_public_text
from coplan.intake.models import ImportRun

from .models import NAME_MAX_LENGTH, NEEDS_MAX_LENGTH, Event, Registration

TOPIC_MAX_LENGTH = 200
FACILITATOR_MAX_LENGTH = 120
SUMMARY_MAX_LENGTH = 10_000


def _email_later(registration: Registration, kind: str) -> None:
    """Send the registrant's email once the transaction has committed (never for a rollback)."""
    from .tasks import registration_email_send

    # The time of this change names the message (sent once, however often the task runs).
    at = registration.status_changed_at.timestamp()
    transaction.on_commit(
        lambda: registration_email_send.enqueue(registration_id=registration.pk, kind=kind, at=at)
    )


def _take_seat(event: Event) -> bool:
    """Take one seat if one is free: one conditional UPDATE, race-free on every database."""
    return bool(
        Event.objects.filter(
            Q(capacity__isnull=True) | Q(confirmed_count__lt=F("capacity")), pk=event.pk
        ).update(confirmed_count=F("confirmed_count") + 1)
    )


def _check_transition(registration: Registration, status: str) -> None:
    if status not in Registration.TRANSITIONS.get(registration.status, frozenset()):
        raise ValidationError(
            _("A registration cannot go from “%(current)s” to “%(new)s”.")
            % {
                "current": Registration.Status(registration.status).label,
                "new": Registration.Status(status).label,
            },
            code="transition",
        )


def registration_create(
    *,
    event: Event,
    name: str,
    email: str,
    accessibility_needs: str = "",
    language: str = "en",
    user: User | None = None,
    now: datetime.datetime | None = None,
) -> Registration:
    """Register a person: a seat if one is free, else a place on the waitlist. All or nothing."""
    now = now or timezone.now()
    if not event.accepts_registrations(now):
        raise ValidationError(_("Registration for this session is closed."), code="closed")
    name, email, accessibility_needs = _registrant(name, email, accessibility_needs)
    active = Registration.objects.filter(event=event, email=email).exclude(
        status=Registration.Status.CANCELLED
    )
    if active.exists():
        raise _already_registered()
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                event=event,
                name=name,
                email=email,
                accessibility_needs=accessibility_needs,
                language=language if language in ("en", "fr") else "en",
                user=user if user is not None and user.is_authenticated else None,
                status=_seat_or_waitlist(event),
                created_at=now,
                status_changed_at=now,
            )
            _email_later(registration, registration.status)
    except IntegrityError:
        # Two requests with the same email at once: the unique constraint kept one.
        raise _already_registered() from None
    return registration


def _registrant(name: str, email: str, needs: str) -> tuple[str, str, str]:
    """The name, email and access needs as stored, or every field's error at once."""
    errors: dict[str, list[str]] = {}
    name = _cleaned(errors, "name", name, NAME_MAX_LENGTH, required=True)
    email = _email_checked(errors, email)
    needs = _cleaned(errors, "accessibility_needs", needs, NEEDS_MAX_LENGTH, required=False)
    if errors:
        raise ValidationError(errors)
    return name, email, needs


def _email_checked(errors: dict[str, list[str]], email: str) -> str:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = [_("Enter a valid email address.")]
    return email


def _cleaned(
    errors: dict[str, list[str]], field: str, value: str, max_length: int, *, required: bool
) -> str:
    try:
        return clean_public_text(value, max_length=max_length, required=required)
    except ValidationError as error:
        errors[field] = error.messages
        return value


def _already_registered() -> ValidationError:
    already = _("This email address is already registered for this session.")
    return ValidationError({"email": [already]}, code="duplicate")


def _seat_or_waitlist(event: Event) -> str:
    """Take a free seat (locked), else the waitlist."""
    seated = _take_seat(event)
    return Registration.Status.CONFIRMED if seated else Registration.Status.WAITLISTED


def waitlist_promote(*, event: Event) -> list[Registration]:
    """Give free seats to the waitlist, first come first served; email each promoted person."""
    promoted = []
    with transaction.atomic():
        while True:
            candidates = Registration.objects.filter(
                event=event, status=Registration.Status.WAITLISTED
            ).order_by("created_at", "pk")
            candidate = candidates.select_for_update(skip_locked=True).first()
            if candidate is None or not _take_seat(event):
                break
            now = timezone.now()
            Registration.objects.filter(pk=candidate.pk).update(
                status=Registration.Status.CONFIRMED, status_changed_at=now
            )
            candidate.status = Registration.Status.CONFIRMED
            candidate.status_changed_at = now
            _email_later(candidate, "promoted")
            promoted.append(candidate)
    return promoted


def registration_cancel(*, registration: Registration) -> Registration:
    """Cancel a registration; a freed seat goes to the first person on the waitlist."""
    with transaction.atomic():
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        _check_transition(current, Registration.Status.CANCELLED)
        was_confirmed = current.status == Registration.Status.CONFIRMED
        current.status = Registration.Status.CANCELLED
        current.status_changed_at = timezone.now()
        current.save(update_fields=["status", "status_changed_at"])
        if was_confirmed:
            Event.objects.filter(pk=current.event_id, confirmed_count__gt=0).update(
                confirmed_count=F("confirmed_count") - 1
            )
        _email_later(current, "cancelled")
        if was_confirmed:
            waitlist_promote(event=current.event)
    return current


def event_capacity_set(*, event: Event, capacity: int | None) -> Event:
    """Change the capacity; never below the confirmed seats; more seats promote the waitlist."""
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if capacity is not None and capacity < locked.confirmed_count:
            raise ValidationError(
                {
                    "capacity": _(
                        "%(count)s people are already confirmed: the capacity cannot be lower."
                    )
                    % {"count": locked.confirmed_count}
                }
            )
        Event.objects.filter(pk=event.pk).update(capacity=capacity)
        waitlist_promote(event=locked)
    event.refresh_from_db()
    return event


def attendance_record(
    *, event: Event, present_ids: Iterable[int], shown_ids: Iterable[int], walk_ins: int = 0
) -> int:
    """Mark who came among the registrations shown to staff; attendance = present + walk-ins."""
    if walk_ins < 0:
        raise ValidationError(_("The number of walk-ins cannot be negative."))
    present = set(present_ids)
    shown = set(shown_ids)
    if not present <= shown:
        raise ValidationError(_("Some registrations are not on this page."))
    with transaction.atomic():
        registrations = Registration.objects.filter(event=event, pk__in=shown).exclude(
            status=Registration.Status.CANCELLED
        )
        registrations.filter(pk__in=present).update(attended=True)
        registrations.exclude(pk__in=present).update(attended=False)
        count = (
            Registration.objects.filter(event=event, attended=True)
            .exclude(status=Registration.Status.CANCELLED)
            .count()
            + walk_ins
        )
        Event.objects.filter(pk=event.pk).update(attendance=count)
    event.attendance = count
    return count


def event_summary_set(
    *, event: Event, summary_en: str, summary_fr: str, attendance: int | None
) -> Event:
    """The public summary after the session, in both languages, and the attendance count."""
    summary_en = clean_public_text(summary_en, max_length=SUMMARY_MAX_LENGTH, required=False)
    summary_fr = clean_public_text(summary_fr, max_length=SUMMARY_MAX_LENGTH, required=False)
    if bool(summary_en) != bool(summary_fr):
        raise ValidationError(_("Write the summary in both languages, or in neither."))
    if attendance is not None and attendance < 0:
        raise ValidationError({"attendance": _("The attendance cannot be negative.")})
    Event.objects.filter(pk=event.pk).update(
        summary_en=summary_en, summary_fr=summary_fr, attendance=attendance
    )
    event.refresh_from_db()
    return event


def event_note_add(
    *,
    event: Event,
    topic: str,
    facilitator: str,
    text: str,
    consent_to_publish: bool,
    entered_by: User | None = None,
) -> Contribution:
    """A note taken at the session, entered by staff: a pending in-person contribution."""
    errors: dict[str, list[str]] = {}
    topic = _cleaned(errors, "topic", topic, TOPIC_MAX_LENGTH, required=False)
    facilitator = _cleaned(
        errors, "facilitator", facilitator, FACILITATOR_MAX_LENGTH, required=False
    )
    text = _cleaned(errors, "text", text, TEXT_MAX_LENGTH, required=True)
    if errors:
        raise ValidationError(errors)
    opportunity = event.opportunity
    return contribution_submit(
        process=opportunity.phase.process,
        phase=opportunity.phase,
        opportunity=opportunity,
        channel=Channel.IN_PERSON,
        kind=Kind.COMMENT,
        target=event,
        title=topic,
        text=text,
        received_at=min(event.ends_at, timezone.now()),
        provenance=_note_provenance(event, topic, facilitator, entered_by),
        consent_to_publish=consent_to_publish,
        province=event.province,
    )


def _note_provenance(
    event: Event, topic: str, facilitator: str, entered_by: User | None
) -> dict[str, object]:
    return {
        "source": "staff entry",
        "event": event.pk,
        "topic": topic,
        "facilitator": facilitator,
        "entered_by": entered_by.pk if entered_by is not None else None,
    }


def event_notes_import(
    *, event: Event, uploaded_file: IO[bytes] | bytes, filename: str, imported_by: User | None
) -> ImportRun:
    """Import a notes spreadsheet for the session through the intake importer (its ImportRun)."""
    from coplan.intake.notes import in_person_notes_import

    opportunity = event.opportunity
    return in_person_notes_import(
        process=opportunity.phase.process,
        uploaded_file=uploaded_file,
        filename=filename,
        target=event,
        phase=opportunity.phase,
        imported_by=imported_by,
    )

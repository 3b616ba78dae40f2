"""Reads for session pages, each with a fixed number of queries."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from coplan.contributions.models import Channel, Contribution

from .models import Event, EventQuerySet, Registration


def events_for_calendar(
    *, when: str = "upcoming", province: str = "", format: str = "", opportunity: int | None = None
) -> QuerySet[Event]:
    """Sessions for the public calendar, filtered, with their process (one query a page)."""
    now = timezone.now()
    listed: EventQuerySet = Event.objects.public().select_related("opportunity__phase__process")
    events = listed.past(now) if when == "past" else listed.upcoming(now)
    if province:
        events = events.filter(province=province)
    if format:
        events = events.filter(format=format)
    if opportunity:
        events = events.filter(opportunity_id=opportunity)
    return events


def events_for_process(process_id: int) -> QuerySet[Event]:
    """The listed sessions of a process, for its calendar feed."""
    listed: EventQuerySet = Event.objects.public()
    return listed.filter(opportunity__phase__process_id=process_id).order_by("starts_at", "pk")


def event_for_page(pk: int, *, include_unlisted: bool = False) -> Event:
    """A listed session (a proposal not yet published is a 404), or any session for staff."""
    events: EventQuerySet = Event.objects.select_related("opportunity__phase__process", "proposal")
    return get_object_or_404(events if include_unlisted else events.public(), pk=pk)


def event_notes(event: Event) -> QuerySet[Contribution]:
    """The notes of a session: in-person contributions whose target is the session."""
    return Contribution.objects.for_target(event).filter(channel=Channel.IN_PERSON)


def registrations_for_staff(event: Event) -> QuerySet[Registration]:
    return Registration.objects.filter(event=event).order_by("status", "created_at", "pk")


def registration_counts(event: Event) -> dict[str, int]:
    """How many registrations in each status (one query)."""
    counts = Registration.objects.filter(event=event).aggregate(
        confirmed=Count("pk", filter=Q(status=Registration.Status.CONFIRMED)),
        waitlisted=Count("pk", filter=Q(status=Registration.Status.WAITLISTED)),
        cancelled=Count("pk", filter=Q(status=Registration.Status.CANCELLED)),
        attended=Count("pk", filter=Q(attended=True) & ~Q(status=Registration.Status.CANCELLED)),
    )
    return counts


def waitlist_position(registration: Registration) -> int | None:
    """1 for the first person in line; None when not on the waitlist."""
    if registration.status != Registration.Status.WAITLISTED:
        return None
    ahead = Registration.objects.filter(
        event_id=registration.event_id, status=Registration.Status.WAITLISTED
    ).filter(
        Q(created_at__lt=registration.created_at)
        | Q(created_at=registration.created_at, pk__lt=registration.pk)
    )
    return ahead.count() + 1


def events_with_counts() -> QuerySet[Event]:
    """Every session for the staff list, with its number of waitlisted people."""
    return (
        Event.objects.select_related("opportunity__phase__process")
        .annotate(waitlisted=Count("registrations", filter=Q(registrations__status="waitlisted")))
        .order_by("-starts_at", "-pk")
    )

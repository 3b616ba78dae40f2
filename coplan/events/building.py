"""Staff create and change sessions from the back office.

A new session is saved whole (and announced to subscribers by its creation). A change never
writes the seats taken (`confirmed_count`, moved only by the registration services with F()
updates): the capacity goes through `services.event_capacity_set`, which locks the session,
refuses a capacity below the confirmed seats and promotes the waitlist when seats are added.
Everything in one transaction: a refused change stores nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from . import services
from .models import Event

# Written only by the registration services, never from a staff form.
SERVICE_FIELDS = frozenset({"confirmed_count", "capacity"})


def event_save(*, data: Mapping[str, Any], event: Event | None = None) -> Event:
    """Create a session, or change one (its capacity never below the confirmed seats)."""
    if event is None:
        event = Event(**data)
        event.full_clean()
        event.save()
        return event
    with transaction.atomic():
        if "capacity" in data:
            services.event_capacity_set(event=event, capacity=data["capacity"])
        fields = [name for name in data if name not in SERVICE_FIELDS]
        for name in fields:
            setattr(event, name, data[name])
        event.full_clean()
        event.save(update_fields=fields)
    return event

"""iCalendar (RFC 5545) for sessions: one .ics per session and a feed per process.

Times are written in UTC ("Z"), which every calendar converts to its reader's zone, so no
VTIMEZONE block is needed; the session's own zone is named in the description.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Event

PRODID = "-//Coplan//Sessions//EN"


def _utc(value: datetime.datetime) -> datetime.datetime:
    # UTC values are written with "Z" and no TZID, so no VTIMEZONE block is needed.
    return value.astimezone(datetime.UTC)


def _location(event: Event) -> str:
    parts = [event.venue_name, event.venue_address, event.city, event.province]
    place = ", ".join(part for part in parts if part)
    if event.format == Event.Format.ONLINE:
        return event.online_url
    if event.format == Event.Format.HYBRID and event.online_url:
        return f"{place} / {event.online_url}"
    return place


def _vevent(event: Event, *, cancelled: bool) -> icalendar.Event:
    site = settings.COPLAN_SITE_URL.rstrip("/")
    host = urlsplit(site).hostname or "coplan"
    description = "\n\n".join(
        part
        for part in [
            event.description,
            _("Time zone of the session: %(zone)s") % {"zone": event.get_time_zone_display()},
            event.accessibility,
        ]
        if part
    )
    vevent = icalendar.Event()
    vevent.add("uid", f"event-{event.pk}@{host}")
    vevent.add("dtstamp", _utc(timezone.now()))
    vevent.add("dtstart", _utc(event.starts_at))
    vevent.add("dtend", _utc(event.ends_at))
    vevent.add("summary", str(event.title))
    vevent.add("description", description)
    vevent.add("location", _location(event))
    vevent.add("url", f"{site}{event.get_absolute_url()}")
    vevent.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return vevent


def calendar(
    events: Iterable[Event], *, name: str = "", method: str = "PUBLISH", cancelled: bool = False
) -> str:
    """A calendar of sessions; METHOD:CANCEL with cancelled=True withdraws them.

    icalendar escapes text values and folds lines at 75 octets, never inside a character.
    """
    cal = icalendar.Calendar()
    cal.add("version", "2.0")
    cal.add("prodid", PRODID)
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
    for event in events:
        cal.add_component(_vevent(event, cancelled=cancelled))
    return cal.to_ical().decode()

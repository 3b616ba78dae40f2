"""iCalendar (RFC 5545) for sessions: one .ics per session and a feed per process.

Times are written in UTC ("Z"), which every calendar converts to its reader's zone, so no
VTIMEZONE block is needed; the session's own zone is named in the description.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Event

PRODID = "-//Coplan//Sessions//EN"
FOLD_AT = 75  # octets per line, continuation lines start with a space


def _escape(text: str) -> str:
    return (
        str(text)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Fold a content line at 75 octets without cutting a UTF-8 character."""
    out, current = [], b""
    for char in line:
        encoded = char.encode()
        limit = FOLD_AT if not out else FOLD_AT - 1
        if len(current) + len(encoded) > limit:
            out.append(current.decode())
            current = b""
        current += encoded
    out.append(current.decode())
    return "\r\n ".join(out)


def _utc(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _location(event: Event) -> str:
    parts = [event.venue_name, event.venue_address, event.city, event.province]
    place = ", ".join(part for part in parts if part)
    if event.format == Event.Format.ONLINE:
        return event.online_url
    if event.format == Event.Format.HYBRID and event.online_url:
        return f"{place} / {event.online_url}"
    return place


def event_lines(event: Event, *, cancelled: bool = False) -> list[str]:
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
    lines = [
        "BEGIN:VEVENT",
        f"UID:event-{event.pk}@{host}",
        f"DTSTAMP:{_utc(timezone.now())}",
        f"DTSTART:{_utc(event.starts_at)}",
        f"DTEND:{_utc(event.ends_at)}",
        f"SUMMARY:{_escape(event.title)}",
        f"DESCRIPTION:{_escape(description)}",
        f"LOCATION:{_escape(_location(event))}",
        f"URL:{site}{event.get_absolute_url()}",
        f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}",
        "END:VEVENT",
    ]
    return lines


def calendar(
    events: Iterable[Event], *, name: str = "", method: str = "PUBLISH", cancelled: bool = False
) -> str:
    """A calendar of sessions; METHOD:CANCEL with cancelled=True withdraws them."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        f"METHOD:{method}",
    ]
    if name:
        lines.append(f"X-WR-CALNAME:{_escape(name)}")
    for event in events:
        lines.extend(event_lines(event, cancelled=cancelled))
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"

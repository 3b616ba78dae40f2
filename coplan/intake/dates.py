"""Reading the dates found in exports and notes, whatever form the tool that wrote them chose."""

from __future__ import annotations

import datetime
import email.utils
import re

from django.utils import timezone

# Tried in order after ISO 8601; day-first forms come before month-first (Canadian French use).
_FORMATS = (
    "%a %b %d %H:%M:%S %z %Y",  # Twitter/X archives: "Wed Oct 10 20:19:24 +0000 2018"
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %I:%M %p",
)
# Unix timestamps between 2000 and 2100, in seconds or milliseconds.
_EPOCH_RE = re.compile(r"^\d{9,13}(\.\d+)?$")


def parse_when(value: object) -> datetime.datetime:
    """An aware datetime from a cell or field; naive values are in the site's time zone.

    Raises ValueError when the value is not a date this reader knows.
    """
    if isinstance(value, datetime.datetime):
        return _aware(value)
    if isinstance(value, datetime.date):
        return _aware(datetime.datetime.combine(value, datetime.time(12, 0)))
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_epoch(float(value))
    text = str(value or "").strip()
    if not text:
        raise ValueError("empty date")
    if _EPOCH_RE.match(text):
        return _from_epoch(float(text))
    iso = text.replace("Z", "+00:00") if text.endswith("Z") else text
    try:
        parsed = datetime.datetime.fromisoformat(iso)
    except ValueError:
        parsed = None
    if parsed is None:
        for fmt in _FORMATS:
            try:
                parsed = datetime.datetime.strptime(text, fmt)  # noqa: DTZ007 - made aware below
                break
            except ValueError:
                continue
    if parsed is None:
        try:
            parsed = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            parsed = None
    if parsed is None:
        raise ValueError(f"unknown date format: {text[:40]}")
    if len(text) == 10 and parsed.time() == datetime.time(0, 0):
        # A bare date: noon local time keeps it on the same day in every zone of the country.
        parsed = parsed.replace(hour=12)
    return _aware(parsed)


def _from_epoch(seconds: float) -> datetime.datetime:
    if seconds > 1e11:
        seconds /= 1000
    if not 946_684_800 <= seconds <= 4_102_444_800:
        raise ValueError("timestamp out of range")
    return datetime.datetime.fromtimestamp(seconds, tz=datetime.UTC)


def _aware(value: datetime.datetime) -> datetime.datetime:
    if timezone.is_naive(value):
        return timezone.make_aware(value, timezone.get_default_timezone())
    return value

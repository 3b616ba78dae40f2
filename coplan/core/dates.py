"""Dates and times written the Canada.ca way, where a format string alone cannot say it.

French writes the first of the month as « 1er juillet » and a time on the hour as « 18 h », not
« 18 h 00 ». Django's format strings have no letter for either, so the format is adjusted to the
value before it is applied. The template filters ``date`` and ``time`` (coplan.core.templatetags
.coplan_dates, a template builtin) and Python code both go through ``date_format``.
"""

from __future__ import annotations

import datetime
import re

from django.utils import dateformat, formats
from django.utils.translation import get_language

# "j" (day of the month) where it is not escaped by a backslash.
_DAY = re.compile(r"(?<!\\)j")
# The minutes after the French hour sign: « G h i » → « G h » on the hour.
_MINUTES = re.compile("\\\\h\xa0i")


def adapt_format(fmt: str, value: object, language: str | None = None) -> str:
    """The format `fmt` adjusted to `value` in `language` (« 1er », « 18 h »)."""
    if not (language or get_language() or "").startswith("fr"):
        return fmt
    if getattr(value, "day", None) == 1:
        fmt = _DAY.sub(r"j\\e\\r", fmt)
    if isinstance(value, datetime.datetime | datetime.time) and value.minute == 0:
        fmt = _MINUTES.sub(r"\\h", fmt)
    return fmt


def date_format(value: datetime.date | datetime.datetime, fmt: str | None = None) -> str:
    """`value` in the active language's named format (DATE_FORMAT by default) or in `fmt`."""
    return dateformat.format(value, adapt_format(formats.get_format(fmt or "DATE_FORMAT"), value))


def time_format(value: datetime.time | datetime.datetime, fmt: str | None = None) -> str:
    """`value` in the active language's TIME_FORMAT or in `fmt`."""
    return dateformat.time_format(
        value, adapt_format(formats.get_format(fmt or "TIME_FORMAT"), value)
    )

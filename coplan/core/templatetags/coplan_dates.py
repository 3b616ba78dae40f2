"""The ``date`` and ``time`` filters, in place of Django's (loaded as a template builtin).

Same arguments and results as Django's, except that French dates and times follow
coplan.core.dates (« 1er juillet 2018 », « 18 h »): every template gets them without a change.
"""

from __future__ import annotations

from django import template

from coplan.core import dates

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    """A date or datetime in a named format (DATE_FORMAT by default) or a format string."""
    if value in (None, ""):
        return ""
    try:
        return dates.date_format(value, arg)
    except AttributeError:
        return ""


@register.filter(expects_localtime=True, is_safe=False)
def time(value, arg=None):
    """A time or datetime in TIME_FORMAT or a format string."""
    if value in (None, ""):
        return ""
    try:
        return dates.time_format(value, arg)
    except (AttributeError, TypeError):
        return ""

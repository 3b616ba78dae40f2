"""Dates and times the Canada.ca way: tables YYYY-MM-DD in both languages, prose "July 1, 2018"
and « 1er juillet 2018 », French times on the 24-hour clock as « 18 h » and « 10 h 30 »."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

from coplan.core.dates import date_format, time_format

TORONTO = ZoneInfo("America/Toronto")
FIRST = datetime.datetime(2018, 7, 1, 18, 0, tzinfo=TORONTO)
LATER = datetime.datetime(2018, 7, 12, 10, 30, tzinfo=TORONTO)


def render(source: str, language: str, **context) -> str:
    with translation.override(language):
        return Template(source).render(Context(context))


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "July 1, 2018 | July 12, 2018, 10:30 a.m. | 2018-07-01 | 6 p.m."),
        ("fr", "1er juillet 2018 | 12 juillet 2018 à 10\xa0h\xa030 | 2018-07-01 | 18\xa0h"),
    ],
)
def test_template_filters_write_dates_the_canada_ca_way(language, expected):
    """The site's date and time filters (every template's) write the first of the month as
    « 1er » in French, times as « 18 h » / « 10 h 30 », and short dates as YYYY-MM-DD in both
    languages."""
    source = (
        '{{ first|date }} | {{ later|date:"DATETIME_FORMAT" }} | '
        '{{ first|date:"SHORT_DATE_FORMAT" }} | {{ first|time:"TIME_FORMAT" }}'
    )
    assert render(source, language, first=FIRST, later=LATER) == expected


def test_other_days_and_explicit_formats_are_left_alone():
    """Only the first of the month takes « er », and a format without the day is unchanged."""
    with translation.override("fr"):
        assert date_format(datetime.date(2018, 7, 2)) == "2 juillet 2018"
        assert date_format(datetime.date(2018, 7, 1), "F Y") == "juillet 2018"
        assert date_format(datetime.date(2018, 7, 1), "Y-m-d") == "2018-07-01"
        assert time_format(datetime.time(9, 5)) == "9\xa0h\xa005"
    with translation.override("en"):
        assert date_format(datetime.date(2018, 7, 1)) == "July 1, 2018"

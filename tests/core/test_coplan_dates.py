"""The site's ``date`` and ``time`` template filters (in place of Django's): dates and times the
Canada.ca way in both languages, and nothing at all for a value that is not one."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

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


@pytest.mark.parametrize("value", [None, "", "2018-07-01", 17])
@pytest.mark.parametrize("language", ["en", "fr"])
def test_what_is_not_a_date_shows_as_nothing(value, language):
    """An empty field or a value of the wrong type shows nothing rather than failing the page."""
    assert render("[{{ value|date }}|{{ value|time }}]", language, value=value) == "[|]"


def test_a_date_without_a_time_has_no_time_to_show():
    assert render("[{{ day|time }}]", "fr", day=datetime.date(2018, 7, 1)) == "[]"
    assert render('{{ day|date:"j F" }}', "fr", day=datetime.date(2018, 7, 1)) == "1er juillet"

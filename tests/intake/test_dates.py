"""Reading the dates of exports and notes (intake.dates): every form the exporting tools write,
naive values in the site's time zone, and values that are not dates refused."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest

from coplan.intake.dates import parse_when

TORONTO = zoneinfo.ZoneInfo("America/Toronto")
UTC = datetime.UTC


@pytest.fixture(autouse=True)
def _toronto(settings):
    settings.TIME_ZONE = "America/Toronto"


@pytest.mark.parametrize(
    "value,expected",
    [
        ("Wed Oct 10 20:19:24 +0000 2018", datetime.datetime(2018, 10, 10, 20, 19, 24, tzinfo=UTC)),
        ("2018-10-10T20:19:24Z", datetime.datetime(2018, 10, 10, 20, 19, 24, tzinfo=UTC)),
        ("2018-10-10 16:19", datetime.datetime(2018, 10, 10, 16, 19, tzinfo=TORONTO)),
        ("2018/10/10 16:19:24", datetime.datetime(2018, 10, 10, 16, 19, 24, tzinfo=TORONTO)),
        ("10/11/2018 09:30", datetime.datetime(2018, 11, 10, 9, 30, tzinfo=TORONTO)),
        ("10/11/2018 09:30 PM", datetime.datetime(2018, 10, 11, 21, 30, tzinfo=TORONTO)),
        ("Mon, 20 Nov 2017 10:15:00 -0500", datetime.datetime(2017, 11, 20, 15, 15, tzinfo=UTC)),
        ("1539202764", datetime.datetime(2018, 10, 10, 20, 19, 24, tzinfo=UTC)),
        ("1539202764000", datetime.datetime(2018, 10, 10, 20, 19, 24, tzinfo=UTC)),
        (1539202764.5, datetime.datetime(2018, 10, 10, 20, 19, 24, 500000, tzinfo=UTC)),
    ],
)
def test_each_form_gives_the_same_instant(value, expected):
    parsed = parse_when(value)
    assert parsed.tzinfo is not None
    assert parsed == expected


def test_a_day_first_date_is_read_day_first():
    assert parse_when("31/01/2018").date() == datetime.date(2018, 1, 31)


@pytest.mark.parametrize("value", ["2018-10-10", "2018/10/10", datetime.date(2018, 10, 10)])
def test_a_bare_date_is_noon_local_so_it_stays_on_its_day(value):
    parsed = parse_when(value)
    assert parsed == datetime.datetime(2018, 10, 10, 12, 0, tzinfo=TORONTO)
    assert parsed.astimezone(zoneinfo.ZoneInfo("America/Vancouver")).date().day == 10
    assert parsed.astimezone(zoneinfo.ZoneInfo("America/St_Johns")).date().day == 10


def test_datetimes_are_made_aware_in_the_sites_zone_and_aware_ones_kept():
    naive = datetime.datetime(2018, 7, 1, 9, 0)  # noqa: DTZ001 - what a spreadsheet cell holds
    assert parse_when(naive) == datetime.datetime(2018, 7, 1, 9, 0, tzinfo=TORONTO)
    aware = datetime.datetime(2018, 7, 1, 9, 0, tzinfo=UTC)
    assert parse_when(aware) is aware


@pytest.mark.parametrize(
    "value,message",
    [
        ("", "empty date"),
        (None, "empty date"),
        ("   ", "empty date"),
        ("31/31/2017", "unknown date format"),
        ("the thirty-second of Smarch", "unknown date format"),
        ("123456789", "timestamp out of range"),
        (5_000_000_000, "timestamp out of range"),
    ],
)
def test_values_that_are_not_dates_are_refused(value, message):
    with pytest.raises(ValueError, match=message):
        parse_when(value)


def test_a_boolean_is_not_a_timestamp():
    with pytest.raises(ValueError, match="unknown date format"):
        parse_when(True)

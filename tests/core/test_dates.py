"""Dates and times the Canada.ca way: tables YYYY-MM-DD in both languages, prose "July 1, 2018"
and « 1er juillet 2018 », French times on the 24-hour clock as « 18 h » and « 10 h 30 »."""

from __future__ import annotations

import datetime

from django.utils import translation

from coplan.core.dates import date_format, time_format


def test_other_days_and_explicit_formats_are_left_alone():
    """Only the first of the month takes « er », and a format without the day is unchanged."""
    with translation.override("fr"):
        assert date_format(datetime.date(2018, 7, 2)) == "2 juillet 2018"
        assert date_format(datetime.date(2018, 7, 1), "F Y") == "juillet 2018"
        assert date_format(datetime.date(2018, 7, 1), "Y-m-d") == "2018-07-01"
        assert time_format(datetime.time(9, 5)) == "9\xa0h\xa005"
    with translation.override("en"):
        assert date_format(datetime.date(2018, 7, 1)) == "July 1, 2018"

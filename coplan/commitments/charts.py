"""The dashboard's charts: the site's bar chart (coplan.core.charts) of (label, value) rows.

Every page that shows one also shows a table with the same numbers.
"""

from __future__ import annotations

from django.utils.formats import number_format

from coplan.core import charts


def bar_chart(rows: list[tuple[str, int]]) -> dict:
    """Horizontal bars for (label, value) rows, scaled to the largest value."""
    return charts.bar_chart(
        (label, value, number_format(value, force_grouping=True)) for label, value in rows
    )

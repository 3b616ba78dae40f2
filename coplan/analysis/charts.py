"""The report's view model: labels in the reader's language and bar-chart geometry.

Charts are drawn from the very numbers the tables show (one list feeds both).
"""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from coplan.core import charts

from .models import Report


def bar_chart(rows: list[dict], value: str = "senders") -> dict:
    """The site's bar chart of the rows' `value`, each bar saying its number."""
    return charts.bar_chart(
        (row["label"], row[value], number_format(row[value], force_grouping=True)) for row in rows
    )


def _localised(rows: list[dict], language: str) -> list[dict]:
    return [
        {**row, "label": row.get(f"label_{language}") or row.get("key") or _("Not given")}
        for row in rows
    ]


def report_context(report: Report, language: str) -> dict:
    data = report.data
    participation = data["participation"]
    sections = []
    titles = {
        "channel": _("By channel"),
        "phase": _("By phase"),
        "language": _("By language"),
        "province": _("By province or territory (where known)"),
        "month": _("Over time (by month received)"),
    }
    for key in ("channel", "phase", "language", "province", "month"):
        rows = _localised(participation.get(key, []), language)
        sections.append({"key": key, "title": titles[key], "rows": rows, "chart": bar_chart(rows)})
    themes = []
    for row in data["themes"]:
        themes.append({**row, "label": row[f"name_{language}"] or row["code"]})
    theme_chart = bar_chart(themes, value="voices")
    process = data["process"]
    phase = data.get("phase")
    return {
        "report": report,
        "process": report.process,
        "process_title": process[f"title_{language}"],
        "phase_name": phase[f"name_{language}"] if phase else "",
        "totals": data["totals"],
        "participation": sections,
        "themes": themes,
        "theme_chart": theme_chart,
        "campaigns": data["campaigns"],
        "language": language,
    }

"""The report's view model: labels in the reader's language and bar-chart geometry.

Charts are drawn from the very numbers the tables show (one list feeds both).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from .models import Report

BAR_WIDTH = 360
BAR_HEIGHT = 22
BAR_GAP = 8
LABEL_WIDTH = 220


def bar_chart(rows: list[dict], value: str = "senders") -> dict:
    """Horizontal bars: each row gets y, width and the value; the SVG height follows."""
    largest = max((row[value] for row in rows), default=0) or 1
    bars = []
    for index, row in enumerate(rows):
        bars.append(
            {
                "label": row["label"],
                "value": row[value],
                "y": index * (BAR_HEIGHT + BAR_GAP),
                "text_y": index * (BAR_HEIGHT + BAR_GAP) + BAR_HEIGHT * 0.7,
                "width": round(BAR_WIDTH * row[value] / largest, 1),
                "value_x": LABEL_WIDTH + round(BAR_WIDTH * row[value] / largest, 1) + 6,
            }
        )
    return {
        "bars": bars,
        "height": max(1, len(rows)) * (BAR_HEIGHT + BAR_GAP),
        "width": LABEL_WIDTH + BAR_WIDTH + 70,
        "label_width": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT,
    }


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

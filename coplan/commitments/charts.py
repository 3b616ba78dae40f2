"""Accessible SVG bar charts: geometry computed here, drawn by commitments/bar_chart.html.

Each chart is an <svg role="img"> with a title and a description, and every page that shows one
also shows a table with the same numbers.
"""

from __future__ import annotations

BAR_HEIGHT = 28
GAP = 10
LABEL_WIDTH = 220
PLOT_WIDTH = 360


def bar_chart(rows: list[tuple[str, int]]) -> dict:
    """Horizontal bars for (label, value) rows, scaled to the largest value."""
    largest = max((value for _label, value in rows), default=0) or 1
    bars = []
    for index, (label, value) in enumerate(rows):
        y = index * (BAR_HEIGHT + GAP)
        width = round(PLOT_WIDTH * value / largest) if value else 0
        bars.append(
            {
                "label": str(label),
                "value": value,
                "y": y,
                "text_y": y + round(BAR_HEIGHT * 0.68),
                "width": width,
                "value_x": LABEL_WIDTH + width + 6,
            }
        )
    return {
        "bars": bars,
        "label_width": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT,
        "width": LABEL_WIDTH + PLOT_WIDTH + 60,
        "height": max(len(rows) * (BAR_HEIGHT + GAP), BAR_HEIGHT),
    }

"""The one horizontal bar chart of the site (What We Heard, commitments dashboard, questionnaire
results), drawn by ``includes/bar_chart.html``.

Each bar has its label above it, so a chart reads on a 320 px phone as on a desktop: the SVG is
as wide as its box and its bars are percentages of that width, while its text keeps the page's
size (no viewBox shrinks it to an unreadable 6 px). Numbers in attributes are plain (the
template writes them with localisation off); the value shown beside each bar is text in the
reader's language. Every page that draws a chart also shows a table with the same numbers.
"""

from __future__ import annotations

from collections.abc import Iterable

ROW = 46  # a label line, its bar and the space before the next label
LABEL_BASELINE = 15
BAR_TOP = 21
BAR_HEIGHT = 16
VALUE_BASELINE = 34
# The longest bar leaves room on its right for its value.
LONGEST_BAR_PERCENT = 70


def bar_chart(rows: Iterable[tuple[str, float, str]]) -> dict:
    """Geometry of a chart of (label, value, value as the reader reads it) rows."""
    rows = list(rows)
    largest = max((float(value) for _label, value, _text in rows), default=0) or 1
    bars = []
    for index, (label, value, text) in enumerate(rows):
        top = index * ROW
        bars.append(
            {
                "label": str(label),
                "text": str(text),
                "label_y": top + LABEL_BASELINE,
                "y": top + BAR_TOP,
                "value_y": top + VALUE_BASELINE,
                # One decimal: a float, written with a point (localisation off in the template).
                "width": round(LONGEST_BAR_PERCENT * float(value) / largest, 1),
            }
        )
    return {"bars": bars, "height": max(1, len(bars)) * ROW, "bar_height": BAR_HEIGHT}

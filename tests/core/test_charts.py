"""The geometry of the site's horizontal bar chart: bars as percentages of the longest, each
label above its bar, the value as the reader reads it kept as given."""

from __future__ import annotations

from coplan.core.charts import BAR_HEIGHT, LONGEST_BAR_PERCENT, ROW, bar_chart


def test_the_largest_value_gets_the_longest_bar_and_the_others_their_share():
    chart = bar_chart([("Web", 40, "40"), ("Courriel", 10, "10"), ("En personne", 0, "0")])
    assert [bar["width"] for bar in chart["bars"]] == [LONGEST_BAR_PERCENT, 17.5, 0.0]
    assert [bar["label"] for bar in chart["bars"]] == ["Web", "Courriel", "En personne"]
    assert chart["height"] == 3 * ROW and chart["bar_height"] == BAR_HEIGHT


def test_rows_follow_one_another_with_the_label_above_its_bar():
    first, second = bar_chart([("a", 1, "1"), ("b", 2, "2")])["bars"]
    assert first["label_y"] < first["y"] < first["value_y"] < second["label_y"]
    assert second["y"] - first["y"] == ROW


def test_the_value_shown_is_the_readers_text_and_widths_have_one_decimal():
    (bar, _other) = bar_chart([("Part", 1, "33,3\xa0%"), ("Rest", 3, "66,7\xa0%")])["bars"]
    assert bar["text"] == "33,3\xa0%"
    assert bar["width"] == 23.3


def test_no_rows_or_only_zeros_draw_without_dividing_by_zero():
    assert bar_chart([]) == {"bars": [], "height": ROW, "bar_height": BAR_HEIGHT}
    assert [bar["width"] for bar in bar_chart([("a", 0, "0"), ("b", 0.0, "0")])["bars"]] == [
        0.0,
        0.0,
    ]

"""The dashboard's bar charts: bars scaled to the largest value, values written as readers
read numbers in their language."""

from django.utils import translation

from coplan.commitments.charts import bar_chart


def test_bars_are_scaled_to_the_largest_value():
    chart = bar_chart([("Draft", 5), ("Completed", 20), ("Withdrawn", 0)])

    widths = [bar["width"] for bar in chart["bars"]]
    assert widths[1] > widths[0] > widths[2] == 0
    assert widths[0] * 4 == widths[1]
    assert [bar["label"] for bar in chart["bars"]] == ["Draft", "Completed", "Withdrawn"]


def test_values_are_grouped_as_each_language_writes_them():
    with translation.override("en"):
        english = bar_chart([("Ideas", 12345)])["bars"][0]["text"]
    with translation.override("fr"):
        french = bar_chart([("Idées", 12345)])["bars"][0]["text"]

    assert english == "12,345"
    assert french.replace("\u202f", " ").replace("\xa0", " ") == "12 345"


def test_no_rows_draw_an_empty_chart_without_dividing_by_zero():
    chart = bar_chart([])

    assert chart["bars"] == [] and chart["height"] > 0

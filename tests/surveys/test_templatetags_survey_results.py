"""The chart and label tags of questionnaire results (surveys.templatetags.survey_results): bars
scaled to the largest, each saying its figure as the page's language writes it."""

from __future__ import annotations

from django.utils import translation

from coplan.surveys.models import Question
from coplan.surveys.selectors import QuestionResult, RankRow, Row
from coplan.surveys.templatetags.survey_results import (
    chart_bars_counts,
    chart_bars_ranking,
    province_label,
)


def _counts() -> QuestionResult:
    return QuestionResult(
        question=Question(),
        respondents=30,
        rows=[Row("Open data", 12, 40.0), Row("Open budgets", 6, 20.0), Row("Other", 0, 0.0)],
    )


def test_count_bars_say_the_count_and_share_in_each_language():
    with translation.override("en"):
        chart = chart_bars_counts(_counts())
    assert [bar["text"] for bar in chart["bars"]] == ["12 (40.0%)", "6 (20.0%)", "0 (0.0%)"]
    assert [bar["label"] for bar in chart["bars"]] == ["Open data", "Open budgets", "Other"]
    largest, half, empty = (bar["width"] for bar in chart["bars"])
    assert largest > 0 and half == largest / 2 and empty == 0
    with translation.override("fr"):
        chart = chart_bars_counts(_counts())
    assert chart["bars"][0]["text"] == "12 (40,0\u00a0%)"


def test_ranking_bars_say_the_points():
    result = QuestionResult(
        question=Question(),
        rank_rows=[RankRow("Data", 5, 1.2, 9), RankRow("Budgets", 4, 2.0, 3)],
    )
    with translation.override("en"):
        bars = chart_bars_ranking(result)["bars"]
    assert [bar["text"] for bar in bars] == ["9 points", "3 points"]
    assert bars[1]["width"] == round(bars[0]["width"] / 3, 1)


def test_an_empty_result_is_an_empty_chart():
    chart = chart_bars_counts(QuestionResult(question=Question()))
    assert chart["bars"] == [] and chart["height"] > 0


def test_province_codes_are_named_in_the_page_language_and_others_left_alone():
    with translation.override("en"):
        assert province_label("NS") == "Nova Scotia"
    with translation.override("fr"):
        assert province_label("NS") == "Nouvelle-Écosse"
    assert province_label("ZZ") == "ZZ"
    assert province_label("") == ""

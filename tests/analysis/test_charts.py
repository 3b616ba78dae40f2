"""The report's view model: every section's labels in the reader's language, and charts drawn
from the very numbers the tables show."""

from __future__ import annotations

import pytest
from django.utils import timezone, translation

from coplan.analysis.charts import bar_chart, report_context
from coplan.analysis.models import Report


@pytest.fixture
def report(process):
    data = {
        "process": {"id": process.pk, "title_en": "Open plan", "title_fr": "Plan ouvert"},
        "phase": {"id": 1, "name_en": "Ideas", "name_fr": "Idées"},
        "totals": {"senders": 1234, "voices": 1200},
        "participation": {
            "channel": [
                {"key": "web", "label_en": "Web", "label_fr": "Web", "senders": 1200, "voices": 1},
                {"key": "email", "label_en": "Email", "label_fr": "Courriel", "senders": 34},
            ],
            "province": [{"key": "", "label_en": "", "label_fr": "", "senders": 3}],
            "month": [
                {"key": "2018-01", "label_en": "2018-01", "label_fr": "2018-01", "senders": 5}
            ],
        },
        "themes": [
            {
                "code": "open-data",
                "name_en": "Open data",
                "name_fr": "Données ouvertes",
                "voices": 8,
            },
            {"code": "untitled", "name_en": "", "name_fr": "", "voices": 2},
        ],
        "campaigns": {"count": 0, "senders": 0},
    }
    return Report.objects.create(process=process, snapshot_at=timezone.now(), data=data)


def test_english_context_has_english_labels_and_grouped_numbers(report):
    with translation.override("en"):
        context = report_context(report, "en")
    assert context["process_title"] == "Open plan" and context["phase_name"] == "Ideas"
    sections = {s["key"]: s for s in context["participation"]}
    assert list(sections) == ["channel", "phase", "language", "province", "month"]
    assert sections["channel"]["title"] == "By channel"
    assert [r["label"] for r in sections["channel"]["rows"]] == ["Web", "Email"]
    assert [b["text"] for b in sections["channel"]["chart"]["bars"]] == ["1,200", "34"]
    assert sections["phase"]["rows"] == [] and sections["phase"]["chart"]["bars"] == []
    assert [r["label"] for r in sections["province"]["rows"]] == ["Not given"]
    assert [t["label"] for t in context["themes"]] == ["Open data", "untitled"]
    assert [b["width"] for b in context["theme_chart"]["bars"]] == [70.0, 17.5]


def test_french_context_has_french_labels_and_french_numbers(report):
    with translation.override("fr"):
        context = report_context(report, "fr")
    sections = {s["key"]: s for s in context["participation"]}
    assert context["process_title"] == "Plan ouvert" and context["phase_name"] == "Idées"
    assert sections["channel"]["title"] == "Par moyen de participation"
    assert [r["label"] for r in sections["channel"]["rows"]] == ["Web", "Courriel"]
    assert sections["channel"]["chart"]["bars"][0]["text"] == "1\xa0200"
    assert [r["label"] for r in sections["province"]["rows"]] == ["Non précisé"]
    assert context["themes"][0]["label"] == "Données ouvertes"


def test_a_report_of_the_whole_process_has_no_phase_name(report):
    report.data["phase"] = None
    assert report_context(report, "en")["phase_name"] == ""


def test_bar_chart_draws_the_value_asked():
    rows = [{"label": "a", "senders": 10, "voices": 1}, {"label": "b", "senders": 5, "voices": 2}]
    assert [b["width"] for b in bar_chart(rows)["bars"]] == [70.0, 35.0]
    assert [b["width"] for b in bar_chart(rows, value="voices")["bars"]] == [35.0, 70.0]

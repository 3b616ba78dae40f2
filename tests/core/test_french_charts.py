"""Every chart of the demo, drawn in French, writes its geometry as plain numbers.

French writes decimals with a comma: a chart whose coordinates went through the reader's number
format (``y="15,399"``) draws nothing. The demo is loaded and every page that draws a chart (the
What We Heard report on the web and in its PDF, the commitments dashboard, questionnaire results,
the process page's cycle graphic) is rendered in French; each SVG's numeric attributes must parse.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.utils import translation

from coplan.analysis.charts import report_context
from coplan.analysis.models import Report
from coplan.commitments.models import Commitment
from coplan.processes.models import Process
from coplan.surveys.models import Questionnaire
from tests.accounts.factories import staff_with_role

# Attributes of SVG shapes that hold one number (or, for viewBox, four).
NUMERIC = {"x", "y", "dx", "dy", "cx", "cy", "r", "rx", "ry", "width", "height", "stroke-width"}
# A number, or a percentage of the chart's box (the bars of includes/bar_chart.html).
NUMBER = re.compile(r"-?\d+(\.\d+)?%?")


class SvgNumbers(HTMLParser):
    """Collects (tag, attribute, value) for every numeric attribute inside an <svg>."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.charts = 0
        self.values: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "svg":
            self.depth += 1
            self.charts += 1
        if not self.depth:
            return
        for name, value in attrs:
            if name in NUMERIC or name == "viewbox":
                self.values.append((tag, name, value or ""))

    def handle_endtag(self, tag):
        if tag == "svg":
            self.depth -= 1


def bad_numbers(html: str) -> tuple[int, list[tuple[str, str, str]]]:
    parser = SvgNumbers()
    parser.feed(html)
    bad = []
    for tag, name, value in parser.values:
        parts = value.split() if name == "viewbox" else [value]
        if not all(NUMBER.fullmatch(part) for part in parts):
            bad.append((tag, name, value))
    return parser.charts, bad


@pytest.mark.slow
@pytest.mark.django_db
def test_every_demo_chart_in_french_writes_plain_numbers(client):
    """Rendered in French, every chart of the demo (pages and the report PDF's HTML) writes each
    SVG coordinate, size and viewBox as a plain number, never with a decimal comma or a
    thousands separator."""
    call_command("demo", stdout=StringIO())
    client.force_login(staff_with_role("analyst"))
    urls = [f"/fr/processes/{p.slug}/" for p in Process.objects.all()]
    urls += [f"/fr/commitments/{slug}/dashboard/" for slug in _commitment_processes()]
    urls += [f"/fr/questionnaires/staff/{q.pk}/results/" for q in Questionnaire.objects.all()]
    reports = list(Report.objects.filter(status=Report.Status.PUBLISHED))
    urls += [f"/fr/analysis/reports/{r.pk}/" for r in reports]
    assert reports and len(urls) >= 4, urls
    pages = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = response.content.decode()
    with translation.override("fr"):
        for report in reports:
            pages[f"report {report.pk} PDF"] = render_to_string(
                "analysis/report_pdf.html", report_context(report, "fr")
            )
    charts = 0
    problems = {}
    for name, html in pages.items():
        count, bad = bad_numbers(html)
        charts += count
        if bad:
            problems[name] = bad[:5]
    assert problems == {}
    # The report alone draws one chart per participation breakdown and one for its themes.
    assert charts >= 10, charts
    # The demo's numbers are such that a decimal value is drawn somewhere: the check above has
    # something to catch.
    report_html = pages[f"/fr/analysis/reports/{reports[0].pk}/"]
    assert re.search(r'width="\d+\.\d+%"', report_html)


def _commitment_processes() -> set[str]:
    return set(Commitment.objects.values_list("process__slug", flat=True))


# The templates that draw a chart, and the page of the test above that renders each in French.
CHART_TEMPLATES = {
    "core/templates/includes/bar_chart.html": (
        "What We Heard report (web and PDF), commitments dashboard, questionnaire results"
    ),
    "processes/templates/processes/cycle_graphic.html": "process page",
}


def test_every_chart_template_is_drawn_in_french_by_the_test_above():
    """A new template drawing an SVG must be added to the pages the French chart test renders
    (and to CHART_TEMPLATES), so that no chart escapes the check."""
    root = Path(__file__).resolve().parents[2] / "coplan"
    drawing = {
        str(path.relative_to(root))
        for path in root.glob("*/templates/**/*.html")
        if "<svg" in path.read_text(encoding="utf-8")
    }
    assert drawing == set(CHART_TEMPLATES)

"""The What We Heard PDF: title page with the Government of Canada signature and wordmark when
COPLAN_GC_IDENTITY is on, a table of contents, numbered pages; tagged, language set."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pytest

from coplan.analysis import services
from coplan.analysis.pdf import render_report_pdf
from tests.analysis.conftest import code_from_labels, corpus_rows, make_contributions
from tests.plans.helpers import _alt_texts

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(process, themes):
    rows = corpus_rows()[:20]
    contributions = make_contributions(process, rows)
    code_from_labels(contributions, rows, themes)
    return services.report_publish(report=services.report_create(process=process))


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", ["Government of Canada", "Table of contents", "Who took part", "Page 2 of"]),
        ("fr", ["Gouvernement du Canada", "Table des matières", "Qui a participé", "Page 2 sur"]),
    ],
)
def test_report_pdf_has_title_page_contents_and_page_numbers(settings, report, language, words):
    """In each language: the signature and wordmark as tagged figures on the title page, the
    contents listing the report's sections, page numbers from the second page."""
    settings.COPLAN_GC_IDENTITY = True
    reader = pypdf.PdfReader(io.BytesIO(render_report_pdf(report, language)))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == language
    assert root["/MarkInfo"]["/Marked"]
    signature, *others = words
    assert _alt_texts(reader)[0] == signature
    text = "".join(page.extract_text() for page in reader.pages)
    for word in others:
        assert word in text, word
    assert len(reader.pages) >= 3


def test_report_pdf_without_gc_identity_has_no_gc_mark(settings, report):
    """Outside the Government of Canada, the title page has no GC mark."""
    settings.COPLAN_GC_IDENTITY = False
    reader = pypdf.PdfReader(io.BytesIO(render_report_pdf(report, "en")))
    assert not [alt for alt in _alt_texts(reader) if "Canada" in alt]


# Where the PDF pages with charts are saved as images, beside the browser tests' screenshots, for
# people to look at.
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var/screenshots"
SITE_BLUE = (0x26, 0x37, 0x4A)
SCALE = 2  # pixels per PDF point


def _bar_width(image, page, textpage, label: str) -> int:
    """The width in pixels of the label's bar: the run of the site's blue in the band just below
    the label, from the label's left edge. The label is also in the table under the chart (no
    bar below it there): the widest of its places is the chart's."""
    height = page.get_height()
    searcher = textpage.search(label, match_case=True, match_whole_word=True)
    widths = [0]
    while found := searcher.get_next():
        left, bottom, _right, _top = textpage.get_charbox(found[0])
        start = int(left * SCALE)
        band = range(int((height - bottom) * SCALE), int((height - bottom + 20) * SCALE))
        right = start
        for x in range(start, image.width):
            if not any(_is_site_blue(image.getpixel((x, y))) for y in band):
                break
            right = x + 1
        widths.append(right - start)
    return max(widths)


def _is_site_blue(pixel) -> bool:
    return all(abs(a - b) <= 24 for a, b in zip(pixel[:3], SITE_BLUE, strict=True))


def test_french_report_pdf_draws_its_chart_bars_in_the_site_blue(report):
    """The French PDF's participation chart, rasterised: each channel's bar is drawn below its
    label in the site's blue (WeasyPrint ignores CSS fills in SVG: the bars once printed black),
    as long as its number says. The pages with charts are saved under var/screenshots/."""
    document = pdfium.PdfDocument(render_report_pdf(report, "fr"))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    chart_pages = []
    for number, page in enumerate(document, start=1):
        textpage = page.get_textpage()
        if "Par moyen de participation" not in textpage.get_text_range():
            continue
        image = page.render(scale=SCALE).to_pil().convert("RGB")
        image.save(SCREENSHOTS / f"pdf-what-we-heard-fr-page-{number}.png")
        chart_pages.append(
            {label: _bar_width(image, page, textpage, label) for label in ("Web", "Courriel")}
        )
    assert chart_pages, "no page of the French PDF holds the participation chart"
    widths = chart_pages[0]
    channels = report.data["participation"]["channel"]
    senders = {row["key"]: row["senders"] for row in channels}
    assert min(widths.values()) > 10 * SCALE, widths
    # Bars are proportional to their numbers (a pixel of rounding either way).
    expected = widths["Web"] * senders["email"] / senders["web"]
    assert abs(widths["Courriel"] - expected) <= 2 * SCALE, (widths, senders)

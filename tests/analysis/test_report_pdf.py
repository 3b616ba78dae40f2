"""The What We Heard PDF: title page with the Government of Canada signature and wordmark when
COPLAN_GC_IDENTITY is on, a table of contents, numbered pages; tagged, language set."""

from __future__ import annotations

import io

import pypdf
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
        ("fr", ["Gouvernement du Canada", "Table des matières", "Qui a participé", "Page 2 de"]),
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

"""The plan's PDF carries the site's identity: the Government of Canada signature and wordmark
on its title page when COPLAN_GC_IDENTITY is on, none when it is off; tagged, language set."""

from __future__ import annotations

import io

import pypdf
import pytest

from coplan.plans.pdf import render_version_pdf
from tests.plans.factories import published_review
from tests.plans.helpers import _alt_texts

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "signature", "wordmark"),
    [
        ("en", "Government of Canada", "Symbol of the Government of Canada"),
        ("fr", "Gouvernement du Canada", "Symbole du Gouvernement du Canada"),
    ],
)
def test_plan_pdf_title_page_has_the_gc_signature_and_wordmark(
    settings, process, language, signature, wordmark
):
    """With the GC identity on, the title page shows the signature and the wordmark as tagged
    figures with their text alternative in the PDF's language; contents and page numbers stay."""
    settings.COPLAN_GC_IDENTITY = True
    reader = pypdf.PdfReader(io.BytesIO(render_version_pdf(published_review(process), language)))
    assert reader.trailer["/Root"]["/Lang"] == language
    assert _alt_texts(reader)[:2] == [signature, wordmark]
    text = "".join(page.extract_text() for page in reader.pages)
    assert ("Table of contents" if language == "en" else "Table des matières") in text
    assert ("Page 2 of" if language == "en" else "Page 2 sur") in text


def test_plan_pdf_without_gc_identity_has_no_gc_mark(settings, process):
    """A deployment outside the Government of Canada prints no GC mark."""
    settings.COPLAN_GC_IDENTITY = False
    reader = pypdf.PdfReader(io.BytesIO(render_version_pdf(published_review(process), "en")))
    assert not [alt for alt in _alt_texts(reader) if "Canada" in alt]

"""The plan as a tagged PDF in each language (plans.pdf)."""

import io

import pypdf
import pytest

from coplan.plans import services
from coplan.plans.models import PlanVersion
from coplan.plans.pdf import render_version_pdf
from tests.plans.factories import (
    draft_version,
    published_review,
)

pytestmark = pytest.mark.django_db


def _pdf(response) -> pypdf.PdfReader:
    assert response["Content-Type"] == "application/pdf"
    return pypdf.PdfReader(io.BytesIO(b"".join(response.streaming_content)))


class TestPdf:
    def test_pdf_in_each_language_opens_with_title_language_and_tags(self, client, process):
        review = published_review(process)
        for language, title in (("en", review.title_en), ("fr", review.title_fr)):
            reader = _pdf(client.get(f"/{language}/plans/{process.slug}/v1/plan.pdf"))
            assert reader.metadata.title == title
            root = reader.trailer["/Root"]
            assert root["/Lang"] == language
            assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
            text = "".join(page.extract_text() for page in reader.pages)
            assert review.fingerprint in text.replace("\n", "")
            assert ("Table of contents" if language == "en" else "Table des matières") in text
            assert ("Page 2 of" if language == "en" else "Page 2 sur") in text

    def test_hostile_content_still_gives_a_valid_pdf(self, process):
        hostile = (
            "A" * 3000
            + "\n\n<script>alert(1)</script> &amp; \u202eevil\u202c \u200f\u05e9\u05dc\u05d5\u05dd"
            + " \u0645\u0631\u062d\u0628\u0627 \u4f60\u597d \U0001f600 \u0301\u0301\u0301"
        )
        version = draft_version(
            process,
            sections=[("<b>Bold</b> \u202eheading", "Titre \u200f", hostile, hostile)],
        )
        version = services.plan_version_publish(
            version=version, status=PlanVersion.Status.REVIEW, actor=None
        )
        reader = pypdf.PdfReader(io.BytesIO(render_version_pdf(version, "en")))
        assert reader.metadata.title == version.title_en
        # Fonts with wide glyph ids come out of pypdf's extraction as UTF-16 with NULs.
        text = "".join(page.extract_text() for page in reader.pages).replace("\x00", "")
        assert "<script>alert(1)</script>" in text and "AAAAAAAAAA" in text
        assert len(reader.pages) >= 3

"""A What We Heard report as a PDF, from the same snapshot and template as the page."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from .charts import report_context
from .models import Report


def _no_fetching(url: str, *args, **kwargs):
    """The print template needs no outside resource: never fetch one (no network, no files)."""
    raise ValueError(f"resource not allowed in a report PDF: {url[:80]}")


def render_report_pdf(report: Report, language: str) -> bytes:
    from weasyprint import HTML

    with translation.override(language):
        html = render_to_string("analysis/report_pdf.html", report_context(report, language))
        return HTML(string=html, url_fetcher=_no_fetching).write_pdf(pdf_variant="pdf/ua-1")

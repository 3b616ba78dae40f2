"""A What We Heard report as a PDF, from the same snapshot and template as the page."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from coplan.core.pdf import no_fetching, page_label_css

from .charts import report_context
from .models import Report


def render_report_pdf(report: Report, language: str) -> bytes:
    """A tagged PDF/UA-1 in the language: title page (with the Government of Canada signature
    and wordmark when COPLAN_GC_IDENTITY is on), table of contents, numbered pages."""
    from weasyprint import HTML

    with translation.override(language):
        context = {
            **report_context(report, language),
            "site_name": settings.COPLAN_SITE_NAME,
            "gc_identity": settings.COPLAN_GC_IDENTITY,
            "page_label": page_label_css(),
        }
        html = render_to_string("analysis/report_pdf.html", context)
        return HTML(string=html, url_fetcher=no_fetching()).write_pdf(pdf_variant="pdf/ua-1")

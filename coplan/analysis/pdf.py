"""A What We Heard report as a PDF, from the same snapshot and template as the page.

A published report is a frozen snapshot, so its PDF is laid out once per language (by a worker
right after publication, or by the first download if the worker has not run yet) and kept in
the default storage (MEDIA_ROOT); downloads read the stored file.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import translation

from coplan.core.pdf import no_fetching, page_label_css

from .charts import report_context
from .models import Report

# Bumped when the print template changes, so stored PDFs are laid out again.
# 2: chart bars in the site's blue (they printed black), page numbers in the text's font.
REPORT_PDF_REVISION = 2
LANGUAGES = ("en", "fr")


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


def report_pdf_name(report: Report, language: str) -> str:
    return f"analysis/reports/what-we-heard-{report.pk}-{language}-r{REPORT_PDF_REVISION}.pdf"


def report_pdf_path(report: Report, language: str) -> str:
    """The stored PDF of a published report in a language, laid out first if not there yet."""
    name = report_pdf_name(report, language)
    if not default_storage.exists(name):
        data = render_report_pdf(report, language)
        # Two workers racing lay it out twice but keep one file.
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(data))
    return name

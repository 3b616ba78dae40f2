"""The plan as a PDF, in one language, from the same content templates as the page.

WeasyPrint lays out the print template; the file is tagged PDF/UA-1 (structure for screen
readers), carries the title and language, a table of contents with page numbers, page numbers in
every footer and the version's fingerprint. A published version never changes, so its PDF is
rendered once per language and kept in the default storage under its fingerprint.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import translation

from coplan.core.pdf import no_fetching, page_label_css

from .models import PlanVersion
from .selectors import version_content

logger = logging.getLogger(__name__)
# WeasyPrint reports every layout step at INFO level: keep the logs for what matters.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

# Bumped when the print template changes, so stored PDFs are rendered again.
# 2: the Government of Canada signature and wordmark on the title page.
# 3: the process's title on the title page only when it is not the version's own.
PDF_TEMPLATE_REVISION = 3


def pdf_storage_name(version: PlanVersion, language: str) -> str:
    return f"plans/pdf/{version.fingerprint}-{language}-r{PDF_TEMPLATE_REVISION}.pdf"


def render_version_pdf(version: PlanVersion, language: str) -> bytes:
    """Lay out a published version as a tagged PDF in the given language."""
    from weasyprint import HTML

    with translation.override(language):
        content = version_content(version)
        html = render_to_string(
            "plans/version_pdf.html",
            {
                "version": version,
                "process": version.plan.process,
                "sections": content.sections,
                "language": language,
                "site_name": settings.COPLAN_SITE_NAME,
                "gc_identity": settings.COPLAN_GC_IDENTITY,
                "page_label": page_label_css(),
            },
        )
    document = HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=no_fetching())
    return document.write_pdf(
        pdf_variant="pdf/ua-1",
        pdf_identifier=version.fingerprint[:32].encode("ascii"),
        custom_metadata=True,
    )


def version_pdf_path(version: PlanVersion, language: str) -> str:
    """The stored PDF of a version in a language, rendered first if it is not there yet."""
    name = pdf_storage_name(version, language)
    if not default_storage.exists(name):
        data = render_version_pdf(version, language)
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(data))
    return name

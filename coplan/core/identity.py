"""The Government of Canada identity a GC deployment shows around every page.

With ``COPLAN_GC_IDENTITY`` on, the header carries the Government of Canada signature (linked to
Canada.ca), the breadcrumbs start at Canada.ca and the footer ends with the Government of Canada
corporate links and the Canada wordmark, as the GC Design System's ``gcds-header``,
``gcds-breadcrumbs`` and ``gcds-footer`` define them. The link texts and addresses below are
that design system's own. A deployment outside the Government of Canada turns it off and shows
only its site name.
"""

from __future__ import annotations

import base64
import functools
import re
from pathlib import Path

from django.utils.translation import gettext_lazy as _

CANADA_CA = {"en": "https://www.canada.ca/en.html", "fr": "https://www.canada.ca/fr.html"}

# The footer's "Government of Canada Corporate" band, in the design system's order.
CORPORATE_LINKS = (
    (
        _("Social media"),
        {
            "en": "https://www.canada.ca/en/social.html",
            "fr": "https://www.canada.ca/fr/sociaux.html",
        },
    ),
    (
        _("Mobile applications"),
        {
            "en": "https://www.canada.ca/en/mobile.html",
            "fr": "https://www.canada.ca/fr/mobile.html",
        },
    ),
    (
        _("About Canada.ca"),
        {
            "en": "https://www.canada.ca/en/government/about.html",
            "fr": "https://www.canada.ca/fr/gouvernement/a-propos.html",
        },
    ),
    (
        _("Terms and conditions"),
        {
            "en": "https://www.canada.ca/en/transparency/terms.html",
            "fr": "https://www.canada.ca/fr/transparence/avis.html",
        },
    ),
    (
        _("Privacy"),
        {
            "en": "https://www.canada.ca/en/transparency/privacy.html",
            "fr": "https://www.canada.ca/fr/transparence/confidentialite.html",
        },
    ),
)


def language_of(code: str) -> str:
    return "fr" if code.startswith("fr") else "en"


def canada_ca_url(language: str) -> str:
    """Canada.ca's home page in the reader's language."""
    return CANADA_CA[language_of(language)]


def corporate_links(language: str) -> list[tuple[str, str]]:
    """(text, address) of each Government of Canada corporate link, in the reader's language."""
    return [(str(text), urls[language_of(language)]) for text, urls in CORPORATE_LINKS]


MARKS = {"signature": "sig-blk", "wordmark": "wmms-spl"}
MARKS_DIR = Path(__file__).resolve().parent / "templates" / "includes" / "gc"
# The colours gcds-signature gives the marks through CSS, written into the file for documents
# that show it as an image (PDFs).
MARK_COLOURS = {'class="fip_flag"': "#eb2d37", 'class="fip_text"': "#000000"}


@functools.cache
def mark_svg(kind: str, language: str) -> str:
    """The signature or the wordmark in a language, coloured, as a standalone SVG file."""
    svg = (MARKS_DIR / f"{MARKS[kind]}-{language_of(language)}.svg").read_text(encoding="utf-8")
    for marker, colour in MARK_COLOURS.items():
        svg = svg.replace(marker, f'{marker} fill="{colour}"')
    return svg


def mark_alt(kind: str, language: str) -> str:
    """The mark's own title, as the text alternative of its image."""
    match = re.search(r"<title[^>]*>([^<]+)</title>", mark_svg(kind, language))
    return match.group(1).strip() if match else ""


def mark_data_uri(kind: str, language: str) -> str:
    encoded = base64.b64encode(mark_svg(kind, language).encode("utf-8")).decode("ascii")
    return f"data:image/svg+xml;base64,{encoded}"

"""What every PDF Coplan lays out with WeasyPrint shares."""

from __future__ import annotations

from django.utils.translation import gettext as _


def no_fetching():
    """A WeasyPrint URL fetcher that fetches nothing outside the document: no network, no files.

    Only data: URLs written into the document itself (the Government of Canada marks) are read.
    """
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"})


def page_label_css() -> str:
    """'Page 3 of 12' as a CSS content value, from one translated sentence."""
    sentence = _("Page %(page)s of %(pages)s")
    pieces = sentence.replace("\\", "").replace('"', "").split("%(page)s")
    before = pieces[0]
    after_page, _sep, after_pages = (pieces[1] if len(pieces) > 1 else "").partition("%(pages)s")
    return f'"{before}" counter(page) "{after_page}" counter(pages) "{after_pages}"'

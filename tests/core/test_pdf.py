"""What every PDF shares: no fetching outside the document, and "Page 3 of 12" in its language."""

from __future__ import annotations

import pytest
from django.utils import translation

from coplan.core.pdf import no_fetching, page_label_css


@pytest.mark.parametrize(
    ("language", "css"),
    [
        ("en", '"Page " counter(page) " of " counter(pages) ""'),
        ("fr", '"Page " counter(page) " sur " counter(pages) ""'),
    ],
)
def test_the_page_label_is_one_translated_sentence_around_the_counters(language, css):
    with translation.override(language):
        assert page_label_css() == css


def test_the_fetcher_reads_data_urls_and_refuses_files_and_the_network():
    fetcher = no_fetching()
    fetched = fetcher.fetch("data:text/plain;base64,b2s=")
    assert fetched.read() == b"ok"
    for url in ("file:///etc/passwd", "https://example.com/logo.png"):
        with pytest.raises(ValueError, match="disallowed protocol"):
            fetcher.fetch(url)

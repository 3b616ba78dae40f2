"""Development settings work: with DEBUG on, Django logs every SQL statement by formatting it
with its parameters, which a query holding a bare `%` broke (the open data build's SQLite
timestamps made `coplan demo` crash). The demo loads and the public pages answer with DEBUG on."""

from __future__ import annotations

from collections import deque
from html.parser import HTMLParser
from io import StringIO
from urllib.parse import urldefrag, urlparse

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings

# Enough to reach every kind of public page from the home pages; PDFs are rendered by a worker
# and take seconds each, which this test does not need to measure.
MAX_PAGES = 150
SKIPPED_SUFFIXES = (".pdf", ".xlsx", ".zip", ".ics")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href") or ""
            self.links.append(href)


def _internal(href: str) -> str | None:
    url = urldefrag(href)[0]
    parsed = urlparse(url)
    if parsed.scheme or parsed.netloc or not parsed.path.startswith(("/en/", "/fr/", "/api/")):
        return None
    if parsed.path.endswith(SKIPPED_SUFFIXES):
        return None
    return url


@pytest.mark.slow
@pytest.mark.django_db
def test_demo_and_public_pages_work_with_debug_on():
    """`coplan demo` loads with DEBUG on (the SQL log formats every statement), then every page
    reachable from the home pages (up to MAX_PAGES) answers without a server error."""
    with override_settings(DEBUG=True):
        call_command("demo", stdout=StringIO())
        assert connection.queries  # the debug cursor really logged (and formatted) statements
        client = Client()
        seen: set[str] = set()
        queue = deque(["/en/", "/fr/"])
        failures = []
        while queue and len(seen) < MAX_PAGES:
            url = queue.popleft()
            if url in seen:
                continue
            seen.add(url)
            response = client.get(url)
            if response.status_code >= 500:
                failures.append((url, response.status_code))
                continue
            if response.streaming:
                # A download: read to its end, which lets the test client close it (closing it
                # here would send request_finished and close the test's database connection).
                for _chunk in response.streaming_content:
                    pass
                continue
            if "html" not in response.get("Content-Type", ""):
                continue
            parser = _Links()
            parser.feed(response.content.decode())
            for href in parser.links:
                link = _internal(href)
                if link and link not in seen:
                    queue.append(link)
    assert len(seen) > 40, seen
    assert not failures, failures

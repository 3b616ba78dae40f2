"""No page carries inline code that the Content-Security-Policy would block.

The test loads the demo, then follows links from the home pages (anonymous, both languages)
and from the admin and staff pages (an administrator), and fails on any executable <script>
without src, any on* event attribute, any style attribute or <style> element, and any
javascript: URL. New pages of any app are found through their links.
"""

from __future__ import annotations

from collections import deque
from html.parser import HTMLParser
from io import StringIO
from urllib.parse import urldefrag, urlparse

import pytest
from django.core.management import call_command
from django.test import Client

from tests.accounts.factories import staff_with_role

MAX_PAGES = 400
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json", "text/template"}
SKIP_PARTS = (
    "/sign-out/",
    "/logout/",
    "/delete/",
    "/static/",
    "/media/",
    "/export",
    ".csv",
    ".pdf",
    ".xlsx",
    ".json",
    ".zip",
    "/feed",
    ".xml",
    ".ics",
)


class InlineCodeFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []
        self.links: list[str] = []
        self._in_script_without_src = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            if name == "style":
                self.problems.append(f"<{tag} style=…>")
            if name in {"href", "src", "action", "formaction"} and (
                value or ""
            ).strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}=javascript:…>")
        if tag == "script":
            kind = (attributes.get("type") or "").lower()
            if not attributes.get("src") and kind not in DATA_SCRIPT_TYPES:
                self.problems.append("<script> without src")
        if tag == "style":
            self.problems.append("<style> element")
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])


def crawl(client: Client, starts: list[str]) -> tuple[dict[str, list[str]], int]:
    seen: set[str] = set()
    queue = deque(starts)
    problems: dict[str, list[str]] = {}
    visited = 0
    while queue and visited < MAX_PAGES:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        visited += 1
        if response.streaming or "text/html" not in response.get("Content-Type", ""):
            if response.streaming:
                # Consume rather than close(): a second request_finished would close the
                # test's database connection on PostgreSQL.
                b"".join(response.streaming_content)
            continue
        finder = InlineCodeFinder()
        finder.feed(response.content.decode(errors="replace"))
        if finder.problems:
            problems[url] = sorted(set(finder.problems))
        for link in finder.links:
            link = urldefrag(link)[0]
            parsed = urlparse(link)
            if parsed.scheme or parsed.netloc or not link.startswith("/"):
                continue
            if any(part in link for part in SKIP_PARTS) or link in seen:
                continue
            queue.append(link)
    return problems, visited


@pytest.mark.slow
@pytest.mark.django_db
def test_public_and_staff_pages_carry_no_inline_code():
    call_command("demo", stdout=StringIO())
    anonymous = Client()
    public_problems, public_count = crawl(
        anonymous,
        [
            "/en/",
            "/fr/",
            "/en/account/sign-in/",
            "/en/account/register/",
            "/en/account/password-reset/",
        ],
    )
    administrator = staff_with_role("administrator", is_superuser=True)
    staff = Client()
    staff.force_login(administrator)
    staff_problems, staff_count = crawl(
        staff,
        [
            "/en/admin/",
            "/en/account/",
            "/en/account/two-step/set-up/",
            "/en/staff/moderation/",
            "/en/staff/intake/",
            "/en/analysis/",
            "/en/forum/",
            "/en/commitments/",
            "/en/plans/",
        ],
    )
    assert public_count > 5 and staff_count > 20
    assert public_problems == {}, public_problems
    assert staff_problems == {}, staff_problems

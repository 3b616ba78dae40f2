"""Every demo page in French follows French typography where the site writes it.

The demo is loaded and the pages reachable from the French home page are read, as a visitor and
as a person holding every staff role. The page's own text (tests/core/typography.py: not the
public's contributions, which carry their own ``lang``) must write dates, times, numbers and
punctuation the Translation Bureau way: « 1er juillet », « 18 h 30 », « 15 399 », « 14 % », no
space before ; ! ?. (The rules on « : » and « » are checked on every catalog by
tests/core/test_french_typography.py; pages also show text staff typed, checked there by people.)
"""

from __future__ import annotations

import json
import re
from collections import deque
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from tests.core.test_form_errors import SKIPPED, everyone, parse, shape
from tests.core.typography import RULES, french_problems

MAX_PAGES = 400
# Rules broken only by what the site itself writes (formats, templates, catalogs).
PAGE_RULES = [rule for rule in RULES if "« : »" not in rule[1] and "« «" not in rule[1]]
PAGE_RULES = [rule for rule in PAGE_RULES if "« » »" not in rule[1]]


def french_pages(client: Client, roots: list[str]) -> dict[str, str]:
    """The French HTML pages reachable from `roots` (two of each URL shape)."""
    queue = deque(roots)
    seen: set[str] = set()
    shapes: dict[str, int] = {}
    pages: dict[str, str] = {}
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        if (
            url in seen
            or not url.startswith("/fr/")
            or any(part in url for part in SKIPPED)
            or "/sign-out/" in url
            or shapes.get(shape(url), 0) >= 2
        ):
            continue
        seen.add(url)
        shapes[shape(url)] = shapes.get(shape(url), 0) + 1
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
            continue
        if response.status_code in (301, 302):
            queue.append(response["Location"])
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        pages[url] = html
        queue.extend(link for link in parse(url, html).links if link not in seen)
    return pages


@pytest.mark.slow
@pytest.mark.django_db
def test_every_french_demo_page_writes_dates_times_and_numbers_the_french_way():
    """Every demo page in French (public and staff) writes « 1er », 24-hour times « 18 h 30 »,
    thousands with a space, « 14 % » with its non-breaking space and no space before ; ! ?."""
    call_command("demo", stdout=StringIO())
    pages = french_pages(Client(), ["/fr/"])
    slugs = {m.group(1) for u in pages if (m := re.match(r"^/fr/processes/([^/]+)/$", u))}
    staff_roots = [
        "/fr/account/",
        "/fr/staff/",
        "/fr/staff/moderation/",
        "/fr/staff/intake/",
        "/fr/questionnaires/staff/",
        "/fr/events/staff/",
        "/fr/analysis/staff/",
        "/fr/open-data/staff/",
    ] + [f"/fr/forum/{slug}/staff/" for slug in sorted(slugs)]
    for url, html in french_pages(everyone(), staff_roots).items():
        pages.setdefault(url, html)
    assert len(pages) >= 60 and any("/staff/" in url for url in pages), sorted(pages)
    problems = {url: sorted(set(french_problems(html, PAGE_RULES))) for url, html in pages.items()}
    problems = {url: found for url, found in problems.items() if found}
    assert problems == {}, json.dumps(problems, indent=1, ensure_ascii=False)

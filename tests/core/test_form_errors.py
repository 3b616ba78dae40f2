"""Every form of the site shows its errors the GC Design System way.

The demo is loaded; the pages reachable from the home pages (a visitor) and from the staff pages
(a person holding every role) are crawled in both languages and every form with a field to fill is
sent empty. Each page that comes back with the form and its errors must carry the pattern: a title
starting with "Error:" / « Erreur : », one error summary at the top that takes the focus
(tabindex="-1" and its script), each entry linking to an element of the page that exists, the
field's own message beside it, and no entry shaped "label.: message".
"""

from __future__ import annotations

import json
import re
from collections import deque
from io import StringIO
from urllib.parse import urlparse

import pytest
from django.core.management import call_command
from django.test import Client

from coplan.processes.models import Process
from tests.core.helpers import SKIPPED, everyone, parse, shape

MAX_PAGES = 250
STAFF_ROOTS = [
    "/en/account/",
    "/en/staff/",
    "/en/staff/processes/",
    "/en/staff/moderation/",
    "/en/staff/intake/",
    "/en/questionnaires/staff/",
    "/en/events/staff/",
    "/en/analysis/staff/",
    "/en/open-data/staff/",
]


def crawl(client: Client, roots: list[str]) -> dict[tuple[str, str], tuple[str, dict]]:
    """One action per shape of the fillable post forms on the pages reachable from `roots`
    (two pages of each shape are read: the demo's lists would use up the budget otherwise)."""
    queue = deque(roots)
    seen: set[str] = set()
    shapes: dict[str, int] = {}
    actions: dict[tuple[str, str], tuple[str, dict]] = {}
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        if url in seen or any(part in url for part in SKIPPED) or "/sign-out/" in url:
            continue
        if shapes.get(shape(url), 0) >= 2:
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
        page = parse(url, response.content.decode())
        for action, hidden in page.forms:
            path = urlparse(action).path
            which = hidden.get("action", "")
            if "/i18n/" not in path and "/sign-out/" not in path:
                actions.setdefault((shape(path), which), (path, hidden))
        queue.extend(link for link in page.links if link not in seen)
    return actions


def problems_of(url: str, html: str) -> list[str]:
    page = parse(url, html)
    if not page.summaries:
        return ["the form came back with errors but no error summary"]
    problems = []
    prefix = "Erreur\xa0: " if url.startswith("/fr/") else "Error: "
    if not page.title.strip().startswith(prefix):
        problems.append(f"title {page.title.strip()!r} does not start with {prefix!r}")
    for summary in page.summaries:
        if summary["tabindex"] != "-1":
            problems.append("the summary cannot take the focus")
        for href in summary["links"]:
            if not href.startswith("#") or href[1:] not in page.ids:
                problems.append(f"summary link {href!r} leads to no element of the page")
        for item in summary["items"]:
            if re.search(r"[.?!]\s?\xa0?:", item):
                problems.append(f"summary entry shaped 'label.: message': {item!r}")
        if summary["links"] and not page.field_errors:
            problems.append("no message beside the fields")
    if "error-summary.js" not in html:
        problems.append("the script that moves the focus to the summary is missing")
    return problems


@pytest.mark.slow
@pytest.mark.django_db
def test_every_form_sent_empty_shows_the_gc_error_pattern():
    """Each fillable form of the demo (public and staff, both languages), sent empty, comes back
    with the GC error pattern: "Error:" title, a focusable summary whose links reach existing
    fields, the fields' own messages, and no "label.: message" entry."""
    call_command("demo", stdout=StringIO())
    visitor = Client(raise_request_exception=False)
    staff = everyone()
    checked: dict[str, list[str]] = {}
    failures: dict[str, list[str]] = {}
    slugs = list(Process.objects.values_list("slug", flat=True))
    staff_roots = STAFF_ROOTS + [f"/en/forum/{slug}/staff/" for slug in slugs] + ["/en/"]
    for client, roots in ((visitor, ["/en/", "/fr/"]), (staff, staff_roots)):
        forms = crawl(client, roots)
        for key in sorted(forms):
            action, hidden = forms[key]
            for language in ("en", "fr"):
                url = re.sub(r"^/(en|fr)/", f"/{language}/", action)
                response = client.post(url, hidden)
                html = response.content.decode(errors="replace")
                shown = "data-error-summary" in html
                if not shown and (response.status_code != 400 or "<form" not in html):
                    # Sent elsewhere (a redirect), refused outright (403, 429) or accepted.
                    continue
                sent = f"{url} {hidden.get('action', '')}".strip()
                checked[sent] = problems_of(url, html)
                if checked[sent]:
                    failures[sent] = checked[sent]
    assert failures == {}, json.dumps(failures, indent=1, ensure_ascii=False)
    # Public (ideas, comments, subscriptions, sign-in…) and staff forms were reached.
    assert len(checked) >= 60, sorted(checked)
    assert any("/staff/" in url for url in checked), sorted(checked)


def test_a_refused_submission_is_a_400_whatever_view_renders_it(rf):
    """Any POST answered with the error summary is a 400 (GC error pattern and HTTP alike), so a
    staff or public form added later cannot answer its refusal with 200."""
    from django.http import HttpResponse

    from coplan.core.middleware import ErrorTitleMiddleware

    page = b"<html><head><title>Add a theme</title></head><body><div data-error-summary></div>"
    middleware = ErrorTitleMiddleware(lambda request: HttpResponse(page))
    refused = middleware(rf.post("/en/staff/"))
    assert refused.status_code == 400 and b"<title>Error: Add a theme</title>" in refused.content
    # A page merely showing errors to a GET (a link followed) keeps its status.
    assert middleware(rf.get("/en/staff/")).status_code == 200

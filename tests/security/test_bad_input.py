"""Bad-input sweep: malformed requests against every public form the site links to.

The demo is loaded; every <form method="post"> reachable from the home pages (anonymous, both
languages) is collected, then each receives the same set of malformed requests: no CSRF token,
an oversized body, too many fields, a body that is not UTF-8, wrong methods, an empty form, a
filled honeypot, hostile and overlong text, NUL characters in fields and in the query. Plus
unknown languages, forged ids and a flood.
Each answer must be a 4xx (never a 5xx), in the request's language where it is a page, and no
table may gain or lose a row.
"""

from __future__ import annotations

from collections import deque
from html.parser import HTMLParser
from io import StringIO
from urllib.parse import urlparse

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.test import Client

MAX_PAGES = 120
# Tables a refused request may still touch without storing anything of the visitor's.
VOLATILE_TABLES = {"django_session"}


class FormFinder(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__()
        self.page = page
        self.forms: list[dict] = []
        self.links: list[str] = []
        self._form: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and (a.get("href") or "").startswith("/"):
            self.links.append(a["href"].split("#", 1)[0])
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._form = {"action": a.get("action") or self.page, "fields": {}}
        if self._form is not None and tag in {"input", "textarea", "select"} and a.get("name"):
            self._form["fields"][a["name"]] = a.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None


def discover_forms(client: Client) -> dict[str, dict]:
    queue = deque(["/en/", "/fr/"])
    seen: set[str] = set()
    forms: dict[str, dict] = {}
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        if url in seen or any(p in url for p in ("/static/", "/media/", ".ics", ".csv", ".pdf")):
            continue
        seen.add(url)
        response = client.get(url)
        if response.streaming or "text/html" not in response.get("Content-Type", ""):
            if response.streaming:
                # Consume rather than close(): a second request_finished would close the
                # test's database connection on PostgreSQL.
                b"".join(response.streaming_content)
            continue
        finder = FormFinder(url)
        finder.feed(response.content.decode(errors="replace"))
        for form in finder.forms:
            action = urlparse(form["action"]).path
            if "/sign-out/" in action or "/i18n/" in action:
                continue
            forms.setdefault(action, form)
        queue.extend(link for link in finder.links if link not in seen)
    return forms


def row_counts() -> dict[str, int]:
    counts = {}
    for model in apps.get_models():
        table = model._meta.db_table
        if table in VOLATILE_TABLES or model._meta.proxy or not model._meta.managed:
            continue
        counts[table] = model._default_manager.count()
    return counts


def language_of(url: str) -> str:
    return "fr" if url.startswith("/fr/") else "en"


def check(results: list, label: str, response, url: str) -> None:
    body = b"" if response.streaming else response.content
    results.append((label, url, response.status_code, body))


@pytest.mark.slow
@pytest.mark.django_db
def test_malformed_requests_get_4xx_in_their_language_and_store_nothing():
    call_command("demo", stdout=StringIO())
    forms = discover_forms(Client())
    assert len(forms) >= 3, forms
    before = row_counts()
    results: list = []
    strict = Client(enforce_csrf_checks=True, raise_request_exception=False)
    loose = Client(raise_request_exception=False)
    oversized = b"x=" + b"a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)
    many_fields = "&".join(f"f{n}=1" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 5))
    for action, form in sorted(forms.items()):
        fields = dict(form["fields"])
        for language in ("en", "fr"):
            url = action if action.startswith(f"/{language}/") else "/" + language + action[3:]
            if not action.startswith(("/en/", "/fr/")):
                url = action
            check(results, "no CSRF token", strict.post(url, {}), url)
            for method in ("put", "delete", "patch"):
                check(results, f"{method.upper()} without token", getattr(strict, method)(url), url)
            check(
                results,
                "oversized body",
                loose.generic("POST", url, oversized, "application/x-www-form-urlencoded"),
                url,
            )
            check(
                results,
                "too many fields",
                loose.generic("POST", url, many_fields, "application/x-www-form-urlencoded"),
                url,
            )
            check(
                results,
                "not UTF-8",
                loose.generic(
                    "POST",
                    url,
                    b"title=\xff\xfe\xfa&text=\xc3\x28",
                    "application/x-www-form-urlencoded",
                ),
                url,
            )
            check(results, "empty form", loose.post(url, {}), url)
            hostile = {
                name: ("<script>alert(1)</script>" * 2000) if not value else value
                for name, value in fields.items()
                if name not in {"website"}
            }
            check(results, "hostile overlong text", loose.post(url, hostile), url)
            # PostgreSQL text cannot hold NUL: refused before any query, never a DataError.
            with_nul = {name: f"{value}\x00x" for name, value in fields.items()}
            check(results, "NUL in a field", loose.post(url, with_nul), url)
            check(results, "NUL in the query", loose.get(url + "?page=1%00&q=%00"), url)
            if "website" in fields:
                bot = {**fields, "website": "http://spam.example.com"}
                check(results, "filled honeypot", loose.post(url, bot), url)
    for path in ("/de/", "/xx/processes/", "/en-us/", "/zz/account/sign-in/"):
        check(results, "unknown language", loose.get(path), path)
    for path in (
        "/en/participate/ideas/999999999/",
        "/fr/participate/ideas/999999999/support/",
        "/en/participate/contributions/999999999/flag/",
        "/en/processes/no-such-process/",
        "/fr/participate/ideas/-1/",
        "/en/staff/progress/not-a-uuid/",
    ):
        check(results, "forged id", loose.post(path, {"x": "1"}), path)
    flood = Client(raise_request_exception=False)
    for _ in range(30):
        last = flood.post(
            "/fr/account/sign-in/", {"username": "flood@example.org", "password": "x"}
        )
    check(results, "flood", last, "/fr/account/sign-in/")

    assert len(results) >= 60, len(results)
    bad = [(label, url, status) for label, url, status, _ in results if not 400 <= status < 500]
    assert bad == [], bad
    wrong_language = [
        (label, url)
        for label, url, status, body in results
        if b"<html" in body
        and f'lang="{language_of(url)}"'.encode() not in body
        and url.startswith(("/en/", "/fr/"))
    ]
    assert wrong_language == [], wrong_language
    assert last.status_code == 429
    assert row_counts() == before

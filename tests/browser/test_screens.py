"""Every page of the demo, public and staff, in both languages, on a phone and on a desktop.

The whole demo is loaded; a browser walks the pages from the home page (and, signed in as the
demo administrator, from every staff page without parameters), following links inside the
site. Each page is checked at 360 px wide (a common phone): nothing wider than the screen
(charts shrink with their box, tables scroll in their own), and axe reports no violation; then
in the other language, reached through the page's own language toggle. Screenshots at 360 px and
1280 px in both languages land in var/screenshots/screens/ for people to look at.
"""

from __future__ import annotations

import re
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from coplan.accounts.models import User
from tests.browser.conftest import SCREENSHOTS, axe_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
]

PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 900}
# Links that are not pages to look at: files, feeds, the API, the admin, signing out.
NOT_PAGES = re.compile(
    r"/(api|admin|static|media)/|\.(pdf|csv|ics|json|xlsx|zip|xml|atom|txt|js|css)$|/(feed|sign-out|"
    r"logout|download|export)|/(ical|atom|rss|pdf)/"
)
# Enough pages of each shape (numbers stand for any id) to see every template, not every row.
PER_SHAPE = 1
MAX_PAGES = {"public": 80, "staff": 70}


def _shape(path: str) -> str:
    return re.sub(r"\d+", "N", path)


def _plain_routes(resolvers, prefix: str = "") -> list[str]:
    """Routes without parameters (pages anyone can open by address), in declaration order."""
    routes = []
    for entry in resolvers:
        route = str(entry.pattern)
        if "<" in route or "(?P" in route or "^" in route:
            continue
        if isinstance(entry, URLResolver):
            routes += _plain_routes(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern):
            routes.append(prefix + route)
    return routes


def _seeds(kind: str) -> list[str]:
    # The language prefix is the first part of every page's route ("en/").
    routes = ["/" + r for r in _plain_routes(get_resolver().url_patterns) if r.startswith("en/")]
    staff = [r for r in routes if "/staff/" in r]
    return ["/en/"] + ([r for r in routes if r not in staff] if kind == "public" else staff)


def _walk(page, kind: str) -> list[str]:
    """Pages of the kind, reached from the seeds by links, at most PER_SHAPE per shape."""
    queue, seen_shapes, pages = list(_seeds(kind)), {}, []
    while queue and len(pages) < MAX_PAGES[kind]:
        path = queue.pop(0)
        if NOT_PAGES.search(path) or ("/staff/" in path) != (kind == "staff"):
            continue
        shape = _shape(path)
        if seen_shapes.get(shape, 0) >= PER_SHAPE:
            continue
        seen_shapes[shape] = seen_shapes.get(shape, 0) + 1
        # Ask first without navigating: an empty error answer (a POST-only address answers 405)
        # would leave the tab on Chromium's error page and break the next navigations.
        probe = page.request.get(path, max_redirects=0)
        assert probe.status < 500, (path, probe.status)
        if probe.status != 200:
            continue  # a redirect (sign-in, a form's result) or a page for others: not this walk
        if not probe.headers.get("content-type", "").startswith("text/html"):
            continue  # a script or a file served under a page's address
        response = page.goto(path)
        if response.status != 200 or urlsplit(page.url).path != path:
            continue
        pages.append(path)
        for href in page.eval_on_selector_all(
            "main a[href^='/en/'], nav a[href^='/en/']", "links => links.map(a => a.pathname)"
        ):
            if href not in queue:
                queue.append(href)
    return pages


def _check(page, path: str, name: str, problems: list[str]) -> None:
    """At 360 px: no wider than the screen, no axe violation; screenshots at both widths."""
    page.set_viewport_size(PHONE)
    response = page.goto(path)
    assert response.status == 200, (path, response.status)
    width, screen = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    if width > screen:
        wide = page.evaluate(
            """(screen) => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > screen + 1)
                .slice(0, 3).map(e => e.tagName + '.' + e.className)""",
            screen,
        )
        problems.append(f"{path}: {width}px wide at {screen}px ({wide})")
    for violation in axe_violations(page):
        targets = [node["target"] for node in violation["nodes"][:3]]
        problems.append(f"{path}: axe {violation['id']} {targets}")
    page.screenshot(path=str(SCREENSHOTS / "screens" / f"{name}-360.png"), full_page=True)
    page.set_viewport_size(DESKTOP)
    page.screenshot(path=str(SCREENSHOTS / "screens" / f"{name}-1280.png"), full_page=True)


def _name(path: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"


@pytest.fixture
def demo_site(settings):
    settings.COPLAN_GC_IDENTITY = True
    call_command("demo", stdout=StringIO())


def _signed_in_as_admin(page, live_server) -> None:
    """Give the browser the session of the demo administrator (signed in by the test client)."""
    client = Client()
    client.force_login(User.objects.get(email="admin@example.org"))
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )


@pytest.mark.parametrize("kind", ["public", "staff"])
def test_every_demo_page_fits_a_phone_in_both_languages(page, live_server, demo_site, kind):
    """No demo page, public or staff, English or French, is wider than a 360 px screen, and
    axe finds no violation on any of them."""
    (SCREENSHOTS / "screens").mkdir(parents=True, exist_ok=True)
    if kind == "staff":
        _signed_in_as_admin(page, live_server)
    page.set_viewport_size(PHONE)
    pages = _walk(page, kind)
    assert len(pages) >= (20 if kind == "public" else 10), pages
    problems: list[str] = []
    for path in pages:
        _check(page, path, f"{kind}-en-{_name(path[3:])}", problems)
        french = page.eval_on_selector("a.lang-toggle", "a => a.pathname")
        assert french.startswith("/fr/"), (path, french)
        _check(page, french, f"{kind}-fr-{_name(path[3:])}", problems)
    assert problems == [], "\n".join(problems)

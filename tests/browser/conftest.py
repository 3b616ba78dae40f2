"""Real-browser tests: Playwright drives Debian's Chromium; axe-core checks every page.

Chromium is /usr/bin/chromium (installed by bin/test), never a downloaded browser. axe-core comes
from npm (node_modules/axe-core). Screenshots land in var/screenshots/ for people to look at.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from coplan.accounts import demo as accounts_demo
from coplan.accounts import roles
from coplan.accounts.models import User
from tests.accounts.factories import TEST_PASSWORD
from tests.security.helpers import enrolled, totp_now

# Playwright's sync API keeps an event loop in this thread; Django's ORM calls from the test
# body are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("COPLAN_CHROMIUM", "/usr/bin/chromium")
AXE_SCRIPT = ROOT / "node_modules/axe-core/axe.min.js"
SCREENSHOTS = ROOT / "var/screenshots"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run bin/test, which installs it.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def page_locale() -> str:
    """The browser's language; a test module overrides this fixture to start in French."""
    return "en-CA"


@pytest.fixture
def page_timeout() -> int:
    """How long (ms) the page waits for an element; a module with slow first steps raises it."""
    return 20_000


@pytest.fixture
def page(browser, live_server, page_locale, page_timeout):
    """The one browser page of every test (downloads accepted, for the files staff export).

    bypass_csp lets the test inject axe-core; the site's own CSP is tested on its own."""
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 1280, "height": 900},
        locale=page_locale,
        bypass_csp=True,
        accept_downloads=True,
    )
    page = context.new_page()
    page.set_default_timeout(page_timeout)
    yield page
    context.close()


def sign_in(page, user) -> None:
    """Sign in with the factories' password (no second step: for people without staff MFA)."""
    page.goto("/en/account/sign-in/")
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("main button[type=submit]")


def axe_violations(page) -> list[dict]:
    """Run axe-core (WCAG 2.1 A and AA rules) on the page; return its violations."""
    page.add_script_tag(path=str(AXE_SCRIPT))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        AXE_TAGS,
    )
    return result["violations"]


def assert_accessible(page) -> None:
    violations = axe_violations(page)
    summary = [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"][:5]],
        }
        for v in violations
    ]
    assert violations == [], json.dumps(summary, indent=2)


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


# The demo's staff, signed in through the real two-step sign-in (back office browser tests).
PASSWORD = "backoffice-test-2026"  # noqa: S105


@pytest.fixture
def staff(settings):
    """The demo's administrator, moderator and analyst (found by role, with a password of this
    test's own), the two-step sign-in on."""
    settings.COPLAN_STAFF_MFA_REQUIRED = True
    accounts_demo.load()
    people = {}
    for role in (roles.ADMINISTRATOR, roles.MODERATOR, roles.ANALYST):
        person = User.objects.filter(groups__name=role).order_by("pk").first()
        person.set_password(PASSWORD)
        person.save(update_fields=["password"])
        people[role] = person
    return people


def sign_in_to_staff_home(page, user, *, language: str = "fr") -> None:
    """Password, authenticator code, then "My account" → the staff home, as a person would."""
    device, _codes = enrolled(user)
    device.last_t = -1  # the code that confirmed the device may not be used again
    device.save(update_fields=["last_t"])
    page.goto(f"/{language}/account/sign-in/")
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.goto(f"/{language}/account/")
    page.wait_for_url(f"**/{language}/account/two-step/**")
    page.fill("input[name=token]", totp_now(device))
    page.click("main button[type=submit]")
    page.wait_for_url(f"**/{language}/account/")
    page.get_by_role("link", name="Accueil du personnel : ce qui vous attend").click()
    page.wait_for_url(f"**/{language}/staff/")

"""Home and process pages in both languages, the toggle, keyboard access, and axe."""

import pytest

from coplan.accounts import demo as accounts_demo
from coplan.processes import demo as processes_demo
from tests.browser.conftest import assert_accessible, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_process():
    """The demo's current process (in its Development phase); the 4th plan is loaded too."""
    accounts_demo.load()
    processes_demo.load()
    return processes_demo.current_process()


@pytest.mark.parametrize("language", ["en", "fr"])
def test_home_and_process_page_are_accessible(page, demo_process, language):
    page.goto(f"/{language}/")
    assert page.locator("html").get_attribute("lang") == language
    # The current consultation first, then the completed one, each under its heading.
    headings = page.locator("main h2").all_inner_texts()
    assert headings == (["Active", "Completed"] if language == "en" else ["En cours", "Terminé"])
    assert_accessible(page)
    screenshot(page, f"foundation-home-{language}")
    past = processes_demo.past_process()
    for process, name in [(demo_process, "process"), (past, "process-past")]:
        page.goto(f"/{language}/processes/{process.slug}/")
        title = process.title_fr if language == "fr" else process.title_en
        assert page.locator("h1").inner_text() == title
        assert page.locator("main svg[role=img]").count() == 1
        assert page.locator("#cycle-text").is_visible()
        # Only the current process says which phase we are in.
        assert page.locator(".badge--current").count() == (2 if process == demo_process else 0)
        assert_accessible(page)
        screenshot(page, f"foundation-{name}-{language}")


def test_language_toggle_leads_to_the_same_page(page, demo_process):
    page.goto(f"/en/processes/{demo_process.slug}/")
    page.get_by_role("link", name="Français").click()
    page.wait_for_url(f"**/fr/processes/{demo_process.slug}/")
    assert page.locator("h1").inner_text() == demo_process.title_fr
    page.get_by_role("link", name="English").click()
    page.wait_for_url(f"**/en/processes/{demo_process.slug}/")


def test_keyboard_only_reaches_the_current_phase(page, demo_process):
    """Tab from the top of the page to the 'Go to the phase' link and follow it with Enter."""
    page.goto(f"/en/processes/{demo_process.slug}/")
    target = "Go to the Development phase"
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.textContent.trim()")
        if focused == target:
            break
    else:
        pytest.fail("the current-phase link was not reached with the keyboard")
    page.keyboard.press("Enter")
    page.wait_for_url("**#phase-development")
    assert page.evaluate("location.hash") == "#phase-development"
    assert page.locator("#phase-development .badge--current").is_visible()


def test_static_pages_and_sign_in_are_accessible(page, demo_process):
    for path in [
        "/fr/pages/privacy/",
        "/en/pages/rules/",
        "/fr/account/sign-in/",
        "/en/account/register/",
    ]:
        page.goto(path)
        assert_accessible(page)
    screenshot(page, "foundation-register-en")


def test_not_found_page_is_translated_and_accessible(page, demo_process):
    response = page.goto("/fr/processes/nope/")
    assert response.status == 404
    assert "Nous ne pouvons trouver cette page" in page.locator("h1").inner_text()
    assert_accessible(page)

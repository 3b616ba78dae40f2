"""The GC Design System error pattern in a real browser: after a failed submit the page title
starts with "Error:" / « Erreur : », the focus is on the error summary, and a link of the summary
puts the focus in its field."""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_accessible, screenshot

TITLE = {"en": "Error: ", "fr": "Erreur\xa0: "}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["en", "fr"])
def test_failed_submit_focuses_the_summary_and_its_links_focus_the_fields(page, language):
    """An empty sign-in: the summary has the focus, the title says there is an error, and its
    first link moves the focus to the email field."""
    page.goto(f"/{language}/account/sign-in/")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_selector("#error-summary")
    assert page.title().startswith(TITLE[language])
    page.wait_for_function("document.activeElement?.id === 'error-summary'")
    assert_accessible(page)
    screenshot(page, f"form-errors-sign-in-{language}")
    link = page.locator("#error-summary a").first
    target = link.get_attribute("href")[1:]
    link.click()
    assert page.evaluate("document.activeElement.id") == target

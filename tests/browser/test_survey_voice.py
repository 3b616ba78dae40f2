"""One voice per person in a real browser, in French: a questionnaire whose opportunity counts
one answer per confirmed email address. Answer → review with the address → "check your email" →
the link read from a real SMTP server → a page with a button (opening the link changes nothing)
→ confirm → the results count the confirmed answer."""

from __future__ import annotations

import re

import pytest

from coplan.processes.models import Opportunity
from coplan.surveys.models import Response
from tests.browser.conftest import assert_accessible, screenshot
from tests.notifications.smtp import body_text, smtp_server  # noqa: F401
from tests.surveys.factories import question, questionnaire_with_every_kind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "repondante@example.org"


def test_answer_confirm_by_email_and_the_results_count_it_in_french(page, smtp_server):  # noqa: F811
    questionnaire = questionnaire_with_every_kind()
    Opportunity.objects.filter(pk=questionnaire.opportunity_id).update(
        voice_rule=Opportunity.VoiceRule.CONFIRMED_EMAIL
    )
    page.goto(f"/fr/questionnaires/{questionnaire.pk}/")
    assert "vous indiquez votre adresse courriel" in page.locator("main").inner_text()
    single = question(questionnaire, "single").pk
    page.locator(f"#id_q{single}_1").check()  # Bleu
    page.locator(f"#id_q{question(questionnaire, 'long_text').pk}").fill("Plus de données.")
    page.locator("button[value=review]").click()
    page.wait_for_selector("text=Revoyez vos réponses")

    # Sending without an address: the error summary, in French; nothing stored.
    page.locator("button[value=send]").click()
    page.wait_for_selector("#error-summary")
    assert page.title().startswith("Erreur")
    assert Response.objects.count() == 0
    assert_accessible(page)
    screenshot(page, "surveys-voice-address-missing-fr")

    page.locator("input[name=email]").fill(EMAIL)
    page.locator("button[value=send]").click()
    page.wait_for_selector("text=Consultez vos courriels")
    assert "nous avons envoyé un lien de confirmation" in page.locator("main").inner_text()
    assert_accessible(page)
    screenshot(page, "surveys-voice-check-email-fr")
    assert Response.objects.get().confirmed_at is None

    (message,) = smtp_server.to(EMAIL)
    body = body_text(message)
    assert "Vous avez répondu au questionnaire « Priorités »" in body.replace("\u00a0", " ")
    link = re.search(r"https?://\S+/confirm/\S+/", body).group(0)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    assert path.startswith("/fr/")

    page.goto(path)
    page.wait_for_selector("text=Confirmez vos réponses")
    # Opening the link (as a mail scanner would) counted nothing.
    assert Response.objects.get().confirmed_at is None
    assert_accessible(page)
    screenshot(page, "surveys-voice-confirm-fr")
    page.get_by_role("button", name="Confirmer mes réponses").click()
    page.wait_for_selector("text=Nous avons bien reçu vos réponses")

    response = Response.objects.get()
    assert response.confirmed_at is not None and response.email == ""
    page.goto(f"/fr/questionnaires/{questionnaire.pk}/results/")
    results = page.locator("main").inner_text()
    assert "1 réponse en tout." in results
    assert "chaque réponse comptée ici a été confirmée" in results
    assert_accessible(page)
    screenshot(page, "surveys-voice-results-fr")

    # The same link again: a clear French message, a 400, nothing counted twice.
    answer = page.goto(path)
    assert answer.status == 400
    assert "Ce lien de confirmation a déjà été utilisé" in page.locator("main").inner_text()

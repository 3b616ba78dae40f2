"""One voice per person in a real browser, in French and in English: a questionnaire whose
opportunity counts one answer per confirmed email address. Answer → review with the address →
"check your email" → the link read from a real SMTP server → a page with a button (opening the
link changes nothing) → confirm → the results count the confirmed answer."""

from __future__ import annotations

import re

import pytest

from coplan.processes.models import Opportunity
from coplan.surveys.models import Response
from tests.browser.conftest import assert_accessible, screenshot
from tests.notifications.smtp import body_text, smtp_server  # noqa: F401
from tests.surveys.factories import question, questionnaire_with_every_kind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What each step says, in each language (the French catalog's translations of the same msgids).
TEXT = {
    "fr": {
        "email": "repondante@example.org",
        "rule": "vous indiquez votre adresse courriel",
        "review": "Revoyez vos réponses",
        "error": "Erreur",
        "check": "Consultez vos courriels",
        "sent": "nous avons envoyé un lien de confirmation",
        "body": "Vous avez répondu au questionnaire « Priorités »",
        "confirm": "Confirmez vos réponses",
        "button": "Confirmer mes réponses",
        "received": "Nous avons bien reçu vos réponses",
        "total": "1 réponse en tout.",
        "confirmed": "chaque réponse comptée ici a été confirmée",
        "used": "Ce lien de confirmation a déjà été utilisé",
    },
    "en": {
        "email": "respondent@example.org",
        "rule": "you give your email address and we email you a link",
        "review": "Review your answers",
        "error": "Error",
        "check": "Check your email",
        "sent": "we sent a confirmation link to your email address",
        "body": "You answered the questionnaire “Priorities”",
        "confirm": "Confirm your answers",
        "button": "Confirm my answers",
        "received": "Your answers to “Priorities” have been received",
        "total": "1 response in all.",
        "confirmed": "every response counted here was confirmed",
        "used": "This confirmation link has already been used",
    },
}


@pytest.mark.parametrize("language", ["fr", "en"])
def test_answer_confirm_by_email_and_the_results_count_it(page, smtp_server, language):  # noqa: F811
    text = TEXT[language]
    questionnaire = questionnaire_with_every_kind()
    Opportunity.objects.filter(pk=questionnaire.opportunity_id).update(
        voice_rule=Opportunity.VoiceRule.CONFIRMED_EMAIL
    )
    page.goto(f"/{language}/questionnaires/{questionnaire.pk}/")
    assert text["rule"] in page.locator("main").inner_text()
    single = question(questionnaire, "single").pk
    page.locator(f"#id_q{single}_1").check()  # Bleu
    page.locator(f"#id_q{question(questionnaire, 'long_text').pk}").fill("Plus de données.")
    page.locator("#review-answers").click()
    page.wait_for_selector(f"text={text['review']}")

    # Sending without an address: the error summary, in French; nothing stored.
    page.locator("#send-answers").click()
    page.wait_for_selector("#error-summary")
    assert page.title().startswith(text["error"])
    assert Response.objects.count() == 0
    assert_accessible(page)
    screenshot(page, f"surveys-voice-address-missing-{language}")

    page.locator("input[name=email]").fill(text["email"])
    page.locator("#send-answers").click()
    page.wait_for_selector(f"text={text['check']}")
    assert text["sent"] in page.locator("main").inner_text()
    assert_accessible(page)
    screenshot(page, f"surveys-voice-check-email-{language}")
    assert Response.objects.get().confirmed_at is None

    (message,) = smtp_server.to(text["email"])
    body = body_text(message)
    assert text["body"] in body.replace("\u00a0", " ")
    link = re.search(r"https?://\S+/confirm/\S+/", body).group(0)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    assert path.startswith(f"/{language}/")

    page.goto(path)
    page.wait_for_selector(f"text={text['confirm']}")
    # Opening the link (as a mail scanner would) counted nothing.
    assert Response.objects.get().confirmed_at is None
    assert_accessible(page)
    screenshot(page, f"surveys-voice-confirm-{language}")
    page.get_by_role("button", name=text["button"]).click()
    page.wait_for_selector(f"text={text['received']}")

    response = Response.objects.get()
    assert response.confirmed_at is not None and response.email == ""
    page.goto(f"/{language}/questionnaires/{questionnaire.pk}/results/")
    results = page.locator("main").inner_text()
    assert text["total"] in results
    assert text["confirmed"] in results
    assert_accessible(page)
    screenshot(page, f"surveys-voice-results-{language}")

    # The same link again: a clear message in the language, a 400, nothing counted twice.
    answer = page.goto(path)
    assert answer.status == 400
    assert text["used"] in page.locator("main").inner_text().replace("\u00a0", " ")

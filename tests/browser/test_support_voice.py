"""One voice per person for idea supports, in a real browser, in French and in English: an
opportunity whose supports count once per confirmed email address. The idea page asks for an
address → "almost done" → the link read from a real SMTP server → a page with a button (opening
the link counts nothing; the page has no feedback widget, whose address would keep the token) →
confirm → the idea counts one support confirmed by email → the link again: a clear 400."""

from __future__ import annotations

import re

import pytest

from coplan.contributions.models import Support
from coplan.processes.models import Opportunity
from tests.browser.conftest import assert_accessible, screenshot
from tests.contributions.factories import ContributionFactory
from tests.notifications.smtp import body_text, smtp_server  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = {
    "fr": {
        "email": "appui@example.org",
        "support": "Appuyer cette idée",
        "sent": "nous avons envoyé un lien de confirmation",
        "confirm": "Confirmez votre appui",
        "button": "Confirmer mon appui",
        "thanks": "Merci : votre appui est confirmé et compté.",
        "count": "1 appui confirmé par courriel",
        "used": "Ce lien de confirmation a déjà été utilisé : votre appui est compté.",
    },
    "en": {
        "email": "supporter@example.org",
        "support": "Support this idea",
        "sent": "we sent a confirmation link to your email address",
        "confirm": "Confirm your support",
        "button": "Confirm my support",
        "thanks": "Thank you: your support is confirmed and counted.",
        "count": "1 support confirmed by email",
        "used": "This confirmation link has already been used: your support is counted.",
    },
}


def _main(page) -> str:
    return page.locator("main").inner_text().replace("\u00a0", " ")


@pytest.mark.parametrize("language", ["fr", "en"])
def test_support_confirmed_by_email_counts_once(page, smtp_server, open_ideas, language):  # noqa: F811
    text = TEXT[language]
    Opportunity.objects.filter(pk=open_ideas.pk).update(
        voice_rule=Opportunity.VoiceRule.CONFIRMED_EMAIL
    )
    idea = ContributionFactory(opportunity=Opportunity.objects.get(pk=open_ideas.pk))
    page.goto(f"/{language}/participate/ideas/{idea.pk}/")
    page.locator(f"#support-email-{idea.pk}").fill(text["email"])
    page.get_by_role("button", name=text["support"]).click()
    page.wait_for_load_state()
    assert text["sent"] in _main(page)
    assert Support.objects.filter(contribution=idea, confirmed_at__isnull=False).count() == 0
    assert_accessible(page)
    screenshot(page, f"contributions-support-voice-sent-{language}")

    (message,) = smtp_server.to(text["email"])
    link = re.search(r"https?://\S+/support/confirm/\S+/", body_text(message)).group(0)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    assert path.startswith(f"/{language}/")

    page.goto(path)
    page.wait_for_selector(f"text={text['confirm']}")
    # Opening the link (as a mail scanner would) counted nothing; no feedback form keeps it.
    assert Support.objects.filter(contribution=idea, confirmed_at__isnull=False).count() == 0
    assert page.locator("#page-feedback").count() == 0
    assert_accessible(page)
    screenshot(page, f"contributions-support-voice-confirm-{language}")
    page.get_by_role("button", name=text["button"]).click()
    page.wait_for_selector(f"text={text['thanks']}")
    assert text["count"] in _main(page)
    assert Support.objects.filter(contribution=idea, confirmed_at__isnull=False).count() == 1
    screenshot(page, f"contributions-support-voice-counted-{language}")

    # The same link again: a clear message in the language, a 400, nothing counted twice.
    answer = page.goto(path)
    assert answer.status == 400
    assert text["used"] in _main(page)
    assert Support.objects.filter(contribution=idea).count() == 1

"""Staying connected in a real browser: subscribe, confirm from the email, manage, unsubscribe.

The emails go through a real SMTP server on loopback (aiosmtpd); the links are read from them.
"""

from __future__ import annotations

import re

import pytest

from coplan.notifications import announce
from coplan.notifications.models import Subscriber
from tests.browser.conftest import assert_accessible, screenshot
from tests.notifications.smtp import body_text, smtp_server  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = {
    "en": {
        "subscribe": "Subscribe",
        "sent": "Check your inbox",
        "confirmed": "Your subscription is confirmed",
        "manage": "Manage my subscriptions",
        "weekly": "A weekly digest",
        "save": "Save my preferences",
        "saved": "Your preferences are saved.",
        "unsubscribe": "Unsubscribe",
    },
    "fr": {
        "subscribe": "S’abonner",
        "sent": "Consultez votre boîte de réception",
        "confirmed": "Votre abonnement est confirmé",
        "manage": "Gérer mes abonnements",
        "weekly": "Un résumé hebdomadaire",
        "save": "Enregistrer mes préférences",
        "saved": "Vos préférences sont enregistrées.",
        "unsubscribe": "Se désabonner",
    },
}


def _path(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_subscribe_confirm_manage_and_unsubscribe(page, process, smtp_server, language):  # noqa: F811
    text = TEXT[language]
    email = f"reader-{language}@example.org"
    page.goto(f"/{language}/subscriptions/?process={process.slug}")
    assert_accessible(page)
    screenshot(page, f"notifications-subscribe-{language}")

    # An empty address first: the error summary, in the page's language.
    page.get_by_role("button", name=text["subscribe"], exact=True).click()
    page.wait_for_selector("#error-summary")
    assert_accessible(page)
    screenshot(page, f"notifications-subscribe-error-{language}")
    assert not smtp_server.messages

    page.fill("#id_email", email)
    page.get_by_role("button", name=text["subscribe"], exact=True).click()
    page.wait_for_selector("h1")
    assert text["sent"] in page.locator("h1").inner_text()
    assert_accessible(page)
    screenshot(page, f"notifications-sent-{language}")

    # Double opt-in: the only message so far is the confirmation, in the chosen language.
    (confirmation,) = smtp_server.to(email)
    link = re.search(r"https?://\S+/confirm/\S+/", body_text(confirmation)).group(0)
    assert f"/{language}/" in link
    page.goto(_path(link))
    assert text["confirmed"] in page.locator("h1").inner_text()
    assert_accessible(page)
    screenshot(page, f"notifications-confirmed-{language}")
    subscriber = Subscriber.objects.get(email=email)
    assert subscriber.is_active and subscriber.language == language

    # News arrives with its manage and one-click unsubscribe links.
    announce(
        "phase_opened",
        process=process,
        title={"en": "Review opens", "fr": "La révision commence"},
        url=process.get_absolute_url(),
        key=f"browser-{language}",
    )
    news = smtp_server.to(email)[-1]
    manage = re.search(r"https?://\S+/subscriptions/manage/\S+/", body_text(news)).group(0)
    page.goto(_path(manage))
    assert_accessible(page)
    screenshot(page, f"notifications-manage-{language}")
    page.get_by_label(text["weekly"]).check()
    page.get_by_role("button", name=text["save"]).click()
    page.wait_for_selector(".messages")
    assert text["saved"] in page.locator(".messages").inner_text()
    assert_accessible(page)
    subscriber.refresh_from_db()
    assert subscriber.frequency == "weekly"

    # The List-Unsubscribe link: a GET asks (link checkers must not unsubscribe), one click does.
    unsubscribe = news["List-Unsubscribe"].strip("<>")
    page.goto(_path(unsubscribe))
    assert_accessible(page)
    screenshot(page, f"notifications-unsubscribe-{language}")
    page.locator("main").get_by_role("button", name=text["unsubscribe"]).click()
    page.wait_for_load_state()
    assert_accessible(page)
    screenshot(page, f"notifications-unsubscribed-{language}")
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is not None
    # A replayed one-click request (RFC 8058 body, no CSRF token) changes nothing: 410.
    replay = page.request.post(
        _path(unsubscribe),
        data="List-Unsubscribe=One-Click",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert replay.status == 410
    count = len(smtp_server.messages)
    announce("phase_opened", process=process, title={"en": "x", "fr": "x"}, key=f"after-{language}")
    assert len(smtp_server.messages) == count


@pytest.mark.parametrize("language", ["en", "fr"])
def test_follow_a_commitment_from_its_page(page, smtp_server, language):  # noqa: F811
    from tests.commitments.factories import make_commitment

    commitment = make_commitment(status="in_implementation")
    page.goto(f"/{language}" + commitment.get_absolute_url()[3:])
    link = {"en": "Get its progress updates by email", "fr": "Recevoir ses mises à jour"}
    page.get_by_role("link", name=re.compile(link[language])).click()
    page.wait_for_selector("h1")
    assert commitment.identifier in page.locator("h1").inner_text()
    assert_accessible(page)
    screenshot(page, f"notifications-follow-{language}")
    page.fill("#id_email", f"follower-{language}@example.org")
    page.get_by_role("button", name=TEXT[language]["subscribe"], exact=True).click()
    page.wait_for_selector("h1")
    assert TEXT[language]["sent"] in page.locator("h1").inner_text()
    (confirmation,) = smtp_server.to(f"follower-{language}@example.org")
    assert "/confirm/" in body_text(confirmation)

"""The messages to subscribers (notifications.emails): in the subscriber's language, text and
HTML, links to pages in that language, and the one-click unsubscribe headers of RFC 8058 on
every list message but the confirmation."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coplan.notifications import emails
from coplan.notifications.models import Announcement, Subscriber

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(settings):
    settings.COPLAN_SITE_URL = "https://coplan.example.ca/"
    settings.COPLAN_SITE_NAME = "Coplan"


def _subscriber(language: str) -> Subscriber:
    return Subscriber.objects.create(email=f"reader-{language}@example.org", language=language)


def _announcement(process, key: str = "report-1", **fields) -> Announcement:
    values = {
        "kind": "report_published",
        "process": process,
        "title_en": "What we heard in 2024",
        "title_fr": "Ce que nous avons entendu en 2024",
        "body_en": "The report is out.",
        "body_fr": "Le rapport est paru.",
        "url": process.get_absolute_url(),
        "key": key,
        **fields,
    }
    return Announcement.objects.create(**values)


def test_a_path_is_moved_to_the_readers_language_and_other_paths_left_alone(process):
    english = f"/en/processes/{process.slug}/"
    assert emails.path_in_language(english, "fr") == f"/fr/processes/{process.slug}/"
    assert emails.path_in_language(f"/fr/processes/{process.slug}/", "en") == english
    assert emails.path_in_language("/api/v1/events", "fr") == "/api/v1/events"
    assert emails.absolute("/fr/") == "https://coplan.example.ca/fr/"


@pytest.mark.parametrize(
    "language,title,body,path",
    [
        ("en", "What we heard in 2024", "The report is out.", "/en/processes/"),
        ("fr", "Ce que nous avons entendu en 2024", "Le rapport est paru.", "/fr/processes/"),
    ],
)
def test_an_announcement_is_written_in_the_subscribers_language(
    process, language, title, body, path
):
    subscriber = _subscriber(language)
    message = emails.announcement_message(subscriber, _announcement(process))
    assert message.to == [subscriber.email]
    assert title in message.subject
    assert body in message.body and title in message.body
    assert f"https://coplan.example.ca{path}{process.slug}/" in message.body
    html = message.alternatives[0]
    assert html[1] == "text/html" and body in html[0]


def test_a_missing_french_title_falls_back_to_english(process):
    message = emails.announcement_message(
        _subscriber("fr"), _announcement(process, title_fr="", body_fr="")
    )
    assert "What we heard in 2024" in message.subject and "The report is out." in message.body
    assert message.subject.startswith("Un rapport")


def test_list_messages_carry_one_click_unsubscribe_headers(process):
    subscriber = _subscriber("en")
    unsubscribe = reverse("notifications:unsubscribe", kwargs={"token": subscriber.token})
    for message in (
        emails.announcement_message(subscriber, _announcement(process)),
        emails.digest_message(subscriber, [_announcement(process, key="report-2")]),
    ):
        assert message.extra_headers["List-Unsubscribe"] == (
            f"<https://coplan.example.ca{unsubscribe}>"
        )
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert message.extra_headers["List-Id"] == "Coplan <news.coplan.example.ca>"
        manage = reverse("notifications:manage", kwargs={"token": subscriber.token})
        assert f"https://coplan.example.ca{manage}" in message.body


def test_a_digest_lists_each_announcement_once(process):
    first = _announcement(process, key="a", title_en="First news")
    second = _announcement(process, key="b", title_en="Second news")
    message = emails.digest_message(_subscriber("en"), [first, second])
    assert message.body.count("First news") == 1 and message.body.count("Second news") == 1


@pytest.mark.parametrize(
    "language,subject", [("en", "Please confirm your subscription"), ("fr", "Veuillez confirmer")]
)
def test_the_confirmation_is_no_list_message(process, language, subject):
    subscriber = _subscriber(language)
    message = emails.confirmation_message(subscriber, "/confirm/abc/")
    assert message.subject.startswith(subject) and message.subject.endswith("Coplan")
    assert "https://coplan.example.ca/confirm/abc/" in message.body
    assert message.extra_headers == {"Auto-Submitted": "auto-generated"}

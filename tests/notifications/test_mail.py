"""Subscriptions end to end through a real SMTP server on loopback."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from coplan.notifications import announce, services
from coplan.notifications.models import Announcement, Delivery, Subscriber
from coplan.processes.models import Opportunity
from coplan.processes.services import opportunity_status_set
from tests.notifications.smtp import body_text
from tests.processes.factories import OpportunityFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _subscribe(client, process, email="reader@example.org", language="fr", frequency="immediate"):
    return client.post(
        reverse("notifications:subscribe"),
        {
            "email": email,
            "process": process.slug,
            "kinds": ["phase_opened", "opportunity_opened", "report_published"],
            "language": language,
            "frequency": frequency,
            "website": "",
        },
    )


def _confirm(client, smtp_server, email):
    message = smtp_server.to(email)[-1]
    link = re.search(r"https?://\S+/confirm/\S+/", body_text(message)).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    return client.get("/" + path)


def test_double_opt_in_then_announcement_in_the_subscribers_language(client, process, smtp_server):
    response = _subscribe(client, process)
    assert response.status_code == 200
    assert len(smtp_server.messages) == 1
    confirmation = smtp_server.to("reader@example.org")[0]
    assert "confirmer" in confirmation["Subject"].lower()
    # Nothing but the confirmation goes to an unconfirmed address.
    announce(
        "report_published",
        process=process,
        title={"en": "Report", "fr": "Rapport"},
        key="report:1",
        url="/en/",
    )
    assert len(smtp_server.messages) == 1
    assert _confirm(client, smtp_server, "reader@example.org").status_code == 200
    announce(
        "report_published",
        process=process,
        title={"en": "Report 2", "fr": "Rapport 2"},
        key="report:2",
        url=process.get_absolute_url(),
    )
    messages = smtp_server.to("reader@example.org")
    assert len(messages) == 2
    news = messages[-1]
    assert "Rapport 2" in news["Subject"]
    assert news.get_body(("plain",)) is not None and news.get_body(("html",)) is not None
    assert "/fr/" in body_text(news)
    unsubscribe = news["List-Unsubscribe"].strip("<>")
    assert news["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/subscriptions/manage/" in body_text(news)
    # RFC 8058 one-click: a POST with only the magic body, no CSRF token.
    path = "/" + unsubscribe.split("://", 1)[1].split("/", 1)[1]
    csrf_client = client.__class__(enforce_csrf_checks=True)
    response = csrf_client.post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert Subscriber.objects.get().unsubscribed_at is not None
    # A replayed link gets a clear answer, and nothing more is sent.
    assert (
        csrf_client.post(
            path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
        ).status_code
        == 410
    )
    announce("report_published", process=process, title={"en": "R3", "fr": "R3"}, key="report:3")
    assert len(smtp_server.to("reader@example.org")) == 2


def test_opportunity_opened_by_the_scheduler_is_announced_once(client, process, smtp_server):
    _subscribe(client, process, language="en")
    _confirm(client, smtp_server, "reader@example.org")
    opportunity = OpportunityFactory(
        phase=process.phases.get(kind="drafting"),
        status=Opportunity.Status.ANNOUNCED,
        opens_at=timezone.now() - datetime.timedelta(minutes=1),
        title_en="Co-draft commitments",
    )
    from coplan.processes.services import opportunities_sync_status

    opportunities_sync_status()
    services.events_detect()
    services.events_detect()  # a second tick announces nothing new
    news = smtp_server.to("reader@example.org")[1:]
    assert len(news) == 1 and "Co-draft commitments" in news[0]["Subject"]
    assert Announcement.objects.filter(kind="opportunity_opened").count() == 1
    # Closing then reopening is not "to be announced → open": no announcement.
    opportunity_status_set(opportunity=opportunity, status="closed")
    opportunity_status_set(opportunity=opportunity, status="open")
    services.events_detect()
    assert len(smtp_server.to("reader@example.org")) == 2


def test_retried_task_sends_nothing_twice(client, process, smtp_server):
    _subscribe(client, process)
    _confirm(client, smtp_server, "reader@example.org")
    announcement = announce(
        "report_published", process=process, title={"en": "R", "fr": "R"}, key="r"
    )
    delivery = Delivery.objects.get(announcement=announcement)
    assert delivery.status == Delivery.Status.SENT
    services.announcement_fanout(announcement=announcement)
    services.deliveries_send(start=delivery.pk, end=delivery.pk)
    assert len(smtp_server.to("reader@example.org")) == 2
    assert Delivery.objects.count() == 1


def test_deferred_then_bounced_addresses_are_retried_and_recorded(client, process, smtp_server):
    for email in ("later@example.org", "gone@example.org"):
        _subscribe(client, process, email=email)
        _confirm(client, smtp_server, email)
    smtp_server.defer.add("later@example.org")
    smtp_server.refuse.add("gone@example.org")
    announcement = announce(
        "report_published", process=process, title={"en": "R", "fr": "R"}, key="r"
    )
    later = Delivery.objects.get(announcement=announcement, subscriber__email="later@example.org")
    gone = Delivery.objects.get(announcement=announcement, subscriber__email="gone@example.org")
    assert later.status == Delivery.Status.RETRY and later.attempts == 1
    assert "451" in later.last_error and "@" not in later.last_error
    assert gone.status == Delivery.Status.BOUNCED
    assert Subscriber.objects.get(email="gone@example.org").bounce_count == 1
    smtp_server.defer.clear()
    services.deliveries_retry(now=timezone.now() + datetime.timedelta(hours=1))
    later.refresh_from_db()
    assert later.status == Delivery.Status.SENT
    assert len(smtp_server.to("later@example.org")) == 2


def test_weekly_digest_groups_the_news_once(client, process, smtp_server):
    _subscribe(client, process, frequency="weekly", language="en")
    _confirm(client, smtp_server, "reader@example.org")
    for number in (1, 2):
        announce(
            "report_published",
            process=process,
            title={"en": f"Report {number}", "fr": f"Rapport {number}"},
            key=f"r{number}",
        )
    assert len(smtp_server.to("reader@example.org")) == 1
    services.digests_send()
    services.digests_send()
    messages = smtp_server.to("reader@example.org")
    assert len(messages) == 2
    text = body_text(messages[-1])
    assert "Report 1" in text and "Report 2" in text
    assert messages[-1]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_flood_for_one_address_sends_three_confirmations_at_most(client, process, smtp_server):
    statuses = [_subscribe(client, process).status_code for _ in range(6)]
    assert statuses[:3] == [200, 200, 200] and statuses[3:] == [429, 429, 429]
    assert len(smtp_server.to("reader@example.org")) == 3


@pytest.mark.parametrize(
    "email",
    [
        "not-an-email",
        "someone@mailinator.com",
        "x@localhost",
        "x@[127.0.0.1]",
        "a@b.invalid",
        "x" * 250 + "@example.org",
    ],
)
def test_bad_addresses_are_refused_with_a_message(client, process, smtp_server, email):
    response = _subscribe(client, process, email=email)
    assert response.status_code == 400
    assert b"error-summary" in response.content
    assert Subscriber.objects.count() == 0 and smtp_server.messages == []


def test_tampered_and_expired_confirmation_links(client, process, smtp_server):
    _subscribe(client, process)
    subscriber = Subscriber.objects.get()
    token = services.confirmation_token(subscriber)
    bad = client.get(reverse("notifications:confirm", kwargs={"token": token[:-2] + "xx"}))
    assert bad.status_code == 400
    import time_machine

    with time_machine.travel(timezone.now() + datetime.timedelta(days=4)):
        expired = client.get(reverse("notifications:confirm", kwargs={"token": token}))
    assert expired.status_code == 400 and b"expired" in expired.content
    assert Subscriber.objects.get().confirmed_at is None


def test_honeypot_stores_nothing(client, process, smtp_server):
    response = client.post(
        reverse("notifications:subscribe"),
        {
            "email": "bot@example.org",
            "process": process.slug,
            "kinds": ["phase_opened"],
            "language": "en",
            "frequency": "immediate",
            "website": "http://spam",
        },
    )
    assert response.status_code == 400 and Subscriber.objects.count() == 0


def test_signed_in_people_manage_theirs_in_their_account(client, user, process, smtp_server):
    client.force_login(user)
    _subscribe(client, process, email=user.email)
    response = client.get(reverse("notifications:mine"))
    assert response.status_code == 200
    assert process.title.encode() in response.content
    assert reverse("notifications:mine").encode() in client.get(reverse("accounts:profile")).content

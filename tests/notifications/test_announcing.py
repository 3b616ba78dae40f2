"""Announcing (notifications.announcing): an event recorded once by its key, titled in both
languages, about its object's page, and queued for its followers when the transaction commits."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from coplan.notifications.announcing import announcement_create
from coplan.notifications.models import Announcement, Subscriber, Subscription

pytestmark = pytest.mark.django_db


def test_an_object_gives_the_key_title_and_page(open_ideas):
    announcement = announcement_create(kind="opportunity_opened", obj=open_ideas)
    assert announcement.key == f"opportunity_opened:processes.opportunity:{open_ideas.pk}"
    assert (announcement.title_en, announcement.title_fr) == (
        open_ideas.title_en,
        open_ideas.title_fr,
    )
    assert announcement.url == open_ideas.get_absolute_url() and announcement.url.startswith("/en/")
    assert announcement.target_type == ContentType.objects.get_for_model(open_ideas)
    assert announcement.target_id == open_ideas.pk


def test_the_same_key_records_the_event_once(process):
    first = announcement_create(
        kind="report_published", process=process, title={"en": "A", "fr": "B"}, key="report:1"
    )
    again = announcement_create(
        kind="report_published", process=process, title={"en": "C", "fr": "D"}, key="report:1"
    )
    assert again == first and Announcement.objects.count() == 1
    assert Announcement.objects.get().title_en == "A"


def test_a_missing_french_text_is_the_english_one_and_long_titles_are_cut(process):
    announcement = announcement_create(
        kind="report_published",
        process=process,
        title={"en": "T" * 300},
        body="The same body in both.",
        key="report:2",
    )
    assert announcement.title_en == announcement.title_fr == "T" * 250
    assert announcement.body_en == announcement.body_fr == "The same body in both."


def test_bad_calls_are_refused(process):
    with pytest.raises(ValueError, match="Unknown announcement kind"):
        announcement_create(kind="gossip", process=process, key="x")
    with pytest.raises(ValueError, match="needs a key"):
        announcement_create(kind="report_published", process=process)
    assert not Announcement.objects.exists()


def test_followers_get_it_once_the_transaction_commits(
    process, smtp_server, django_capture_on_commit_callbacks
):
    subscriber = Subscriber.objects.create(
        email="reader@example.org", language="fr", confirmed_at=timezone.now()
    )
    Subscription.objects.create(
        subscriber=subscriber,
        process=process,
        kinds=Subscription.encode_kinds(["report_published"]),
        confirmed_at=timezone.now(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        announcement_create(
            kind="report_published",
            process=process,
            title={"en": "Report", "fr": "Rapport"},
            key="report:3",
        )
        assert smtp_server.messages == []
    ((recipients, message),) = smtp_server.messages
    assert recipients == ["reader@example.org"] and "Rapport" in message["Subject"]
    assert Announcement.objects.get().recipients == 1

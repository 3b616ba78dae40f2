"""Fan-out and the use cases around it (notifications.services): who follows an announcement,
one delivery each however often it is fanned out, weekly readers' news kept for their digest,
preferences and removals, and the phases that start announced once."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from coplan.notifications import services
from coplan.notifications.models import Announcement, Delivery, Subscriber, Subscription
from tests.commitments.factories import make_commitment
from tests.processes.factories import ProcessFactory

pytestmark = pytest.mark.django_db


def _subscriber(email: str, **fields) -> Subscriber:
    return Subscriber.objects.create(email=email, confirmed_at=timezone.now(), **fields)


def _follow(subscriber: Subscriber, process, kinds=("report_published",), **fields):
    values = {"confirmed_at": timezone.now(), **fields}
    return Subscription.objects.create(
        subscriber=subscriber, process=process, kinds=Subscription.encode_kinds(kinds), **values
    )


def _report(process, key: str = "report:1", **fields) -> Announcement:
    return Announcement.objects.create(
        kind="report_published", process=process, title_en="Report", key=key, **fields
    )


def test_only_confirmed_active_followers_of_that_news_follow_it(process):
    reader = _subscriber("reader@example.org")
    _follow(reader, process)
    _follow(_subscriber("phases@example.org"), process, kinds=("phase_opened",))
    _follow(_subscriber("other@example.org"), ProcessFactory())
    _follow(Subscriber.objects.create(email="unconfirmed@example.org"), process)
    _follow(_subscriber("pending@example.org"), process, confirmed_at=None)
    _follow(_subscriber("gone@example.org", unsubscribed_at=timezone.now()), process)
    assert [s.subscriber for s in services.followers(_report(process))] == [reader]


def test_an_objects_followers_follow_its_news_only(process):
    commitment, other = make_commitment(process), make_commitment(process)
    follower = _subscriber("follower@example.org")
    Subscription.objects.create(
        subscriber=follower,
        process=process,
        target=commitment,
        kinds=Subscription.encode_kinds(["commitment_progress"]),
        confirmed_at=timezone.now(),
    )
    about = {"kind": "commitment_progress", "process": process, "title_en": "Progress"}
    on_it = Announcement.objects.create(key="p:1", target=commitment, **about)
    on_other = Announcement.objects.create(key="p:2", target=other, **about)
    assert [s.subscriber for s in services.followers(on_it)] == [follower]
    assert list(services.followers(on_other)) == []


def test_fan_out_is_one_delivery_each_and_weekly_readers_wait(process, smtp_server):
    _follow(_subscriber("now@example.org"), process)
    weekly = _subscriber("weekly@example.org", frequency="weekly")
    _follow(weekly, process)
    announcement = _report(process)
    assert services.announcement_fanout(announcement=announcement) == 2
    assert services.announcement_fanout(announcement=announcement) == 2
    assert Delivery.objects.count() == 2
    assert [recipients for recipients, _message in smtp_server.messages] == [["now@example.org"]]
    assert Delivery.objects.get(subscriber=weekly).status == Delivery.Status.DIGEST
    announcement.refresh_from_db()
    assert announcement.recipients == 2 and announcement.fanned_out_at is not None


def test_choosing_immediate_sends_what_waited_for_the_digest(process, smtp_server):
    weekly = _subscriber("weekly@example.org", frequency="weekly")
    _follow(weekly, process)
    services.announcement_fanout(announcement=_report(process))
    assert smtp_server.messages == []
    services.subscriber_update_preferences(subscriber=weekly, language="fr", frequency="immediate")
    weekly.refresh_from_db()
    assert (weekly.language, weekly.frequency) == ("fr", "immediate")
    assert [recipients for recipients, _message in smtp_server.messages] == [["weekly@example.org"]]
    assert Delivery.objects.get().status == Delivery.Status.SENT


def test_a_subscriber_removes_only_their_own_subscriptions(process):
    mine = _subscriber("me@example.org")
    theirs = _follow(_subscriber("them@example.org"), process)
    own = _follow(mine, process)
    assert not services.subscription_remove(subscriber=mine, subscription_pk=theirs.pk)
    assert Subscription.objects.filter(pk=theirs.pk).exists()
    assert services.subscription_remove(subscriber=mine, subscription_pk=own.pk)
    assert not services.subscription_remove(subscriber=mine, subscription_pk=own.pk)


def test_a_phase_that_started_is_announced_once():
    process = ProcessFactory()
    today = datetime.date(2030, 5, 1)
    phase = process.phases.order_by("position").first()
    services.events_detect(today=today - datetime.timedelta(days=1))
    phase.starts_on = today
    phase.save()
    assert services.events_detect(today=today) == {"opportunities": 0, "phases": 1}
    assert services.events_detect(today=today) == {"opportunities": 0, "phases": 0}
    announcement = Announcement.objects.get(kind="phase_opened")
    assert announcement.url.endswith(f"#phase-{phase.kind}")
    assert announcement.title_fr == phase.name_fr


def test_the_subscribe_page_may_name_a_process(process):
    assert services.subscribe_path().endswith("/subscriptions/")
    assert services.subscribe_path(process).endswith(f"/subscriptions/?process={process.slug}")

"""Sending survives a dead worker: each delivery is recorded when sent, a cut-off job goes on
where it stopped, a delivery cut off mid-transaction is retried after its lease, and no person
gets the same message twice."""

from __future__ import annotations

import datetime
import os
import signal
import subprocess
import sys
import threading
import time

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from coplan.notifications import emails, services
from coplan.notifications.models import Announcement, Delivery, Subscriber, Subscription
from tests.notifications.smtp import Inbox, free_port

DB_TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "mail", "imports"],
    }
}


def _subscribers(process, count: int) -> list[Subscriber]:
    now = timezone.now()
    subscribers = Subscriber.objects.bulk_create(
        Subscriber(email=f"reader{number}@example.org", confirmed_at=now) for number in range(count)
    )
    Subscription.objects.bulk_create(
        Subscription(
            subscriber=subscriber,
            process=process,
            kinds=",report_published,",
            confirmed_at=now,
        )
        for subscriber in subscribers
    )
    return subscribers


def _announcement(process) -> Announcement:
    return Announcement.objects.create(
        kind="report_published",
        process=process,
        title_en="Report",
        title_fr="Rapport",
        key="report:1",
    )


class WorkerDied(BaseException):
    """Stands for SIGKILL inside the process: nothing after it runs, no handler catches it."""


@pytest.mark.django_db(transaction=True)
def test_each_delivery_is_recorded_as_sent_when_sent_and_a_rerun_goes_on(
    process, smtp_server, monkeypatch
):
    """A job that dies after two messages leaves those two SENT (not waiting to be marked at
    the end); run again, it sends the rest and nothing twice; the one cut off waits its lease."""
    _subscribers(process, 5)
    announcement = _announcement(process)
    services._deliveries_insert(announcement)
    ids = list(Delivery.objects.order_by("pk").values_list("pk", flat=True))
    real_message = emails.announcement_message
    calls = []

    def dies_on_the_third(subscriber, announcement, **kwargs):
        calls.append(subscriber.pk)
        if len(calls) == 3:
            raise WorkerDied
        return real_message(subscriber, announcement, **kwargs)

    monkeypatch.setattr(emails, "announcement_message", dies_on_the_third)
    with pytest.raises(WorkerDied):
        services.deliveries_send(start=ids[0], end=ids[-1])
    statuses = dict(Delivery.objects.values_list("pk", "status"))
    assert [statuses[pk] for pk in ids] == ["sent", "sent", "sending", "pending", "pending"]
    assert len(smtp_server.messages) == 2

    monkeypatch.setattr(emails, "announcement_message", real_message)
    # Run again at once: the rest goes; the one cut off is under its lease and left alone.
    assert services.deliveries_send(start=ids[0], end=ids[-1])["sent"] == 2
    assert Delivery.objects.get(pk=ids[2]).status == "sending"
    # Past its lease the periodic retry puts it back and sends it, with the same Message-ID.
    later = timezone.now() + datetime.timedelta(seconds=services.lease().total_seconds() + 1)
    with time_machine.travel(later, tick=False):
        assert services.deliveries_retry()["requeued"] == 1
    cut_off = Delivery.objects.get(pk=ids[2])
    assert (cut_off.status, cut_off.attempts) == ("sent", 2)
    assert "interrupted" in cut_off.last_error
    received = [rcpts[0] for rcpts, _message in smtp_server.messages]
    assert sorted(received) == sorted(Subscriber.objects.values_list("email", flat=True))
    by_pk = {
        delivery.subscriber.email: delivery.pk for delivery in Delivery.objects.select_related()
    }
    for rcpts, message in smtp_server.messages:
        assert message["Message-ID"] == services.message_id("delivery", by_pk[rcpts[0]])


@pytest.mark.django_db
def test_a_claimed_delivery_is_never_claimed_twice_within_its_lease(process):
    """The check made before each message: only a waiting delivery (or one whose lease ran
    out) can be claimed; a sent one never."""
    _subscribers(process, 1)
    services._deliveries_insert(_announcement(process))
    delivery = Delivery.objects.get()
    first = services._claim_one(delivery)
    assert first is not None
    assert services._claim_one(delivery) is None
    with time_machine.travel(timezone.now() + services.lease() + datetime.timedelta(seconds=1)):
        second = services._claim_one(delivery)
    assert second not in (None, first)
    services._finish(delivery, second, status=Delivery.Status.SENT)
    with time_machine.travel(timezone.now() + 10 * services.lease()):
        assert services._claim_one(delivery) is None


@pytest.mark.django_db
def test_a_delivery_cut_off_too_often_fails_for_good(process, settings):
    """Interrupted attempts count: after MAX_ATTEMPTS the delivery is failed, not resent."""
    _subscribers(process, 1)
    services._deliveries_insert(_announcement(process))
    Delivery.objects.update(
        status="sending",
        claimed_at=timezone.now() - services.lease() * 2,
        attempts=services.MAX_ATTEMPTS - 1,
    )
    assert services.deliveries_retry() == {"requeued": 0, "failed": 1, "interrupted_digests": 0}
    assert Delivery.objects.get().status == "failed"


class SlowInbox(Inbox):
    """A server that takes its time, and can hold the next message at MAIL FROM (before any of
    it is accepted) so that a test can kill the sender at a known point."""

    def __init__(self, hold_after: int):
        super().__init__()
        self.hold_after = hold_after
        self.holding = threading.Event()
        self.release = threading.Event()

    async def handle_MAIL(self, server, session, envelope, address, mail_options):  # noqa: N802
        import asyncio

        await asyncio.sleep(0.01)
        if len(self.messages) >= self.hold_after and not self.release.is_set():
            self.holding.set()
            while not self.release.is_set():
                await asyncio.sleep(0.02)
            return "421 4.3.0 Closing"
        envelope.mail_from = address
        return "250 OK"


@pytest.mark.postgres
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_TASKS)
def test_a_worker_killed_mid_mailing_loses_nothing_and_sends_nothing_twice(process, tmp_path):
    """SIGKILL a real `coplan worker` in the middle of an announcement to N subscribers; another
    worker finishes it: every subscriber gets exactly one message."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL: the workers are other processes, and the SQLite test database "
            "lives in this process's memory (CI runs this on PostgreSQL)"
        )
    count, killed_after = 24, 9
    subscribers = _subscribers(process, count)
    announcement = _announcement(process)
    services.announcement_fanout(announcement=announcement)
    inbox = SlowInbox(hold_after=killed_after)
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    db = connection.settings_dict
    env = {
        **{
            key: value
            for key, value in os.environ.items()
            if key not in ("DJANGO_SETTINGS_MODULE", "CACHE_URL", "REDIS_URL")
        },
        "DJANGO_SETTINGS_MODULE": "coplan.settings.dev",
        "DATABASE_URL": (
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "COPLAN_VAR_DIR": str(tmp_path),
        "SECRET_KEY": "a test key for a killed worker, not a secret",
        "COPLAN_WORKER_STALE_SECONDS": "2",
        "COPLAN_DELIVERY_LEASE_SECONDS": "2",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
    }
    coplan = [sys.executable, "-m", "coplan.cli"]
    worker = subprocess.Popen(
        [*coplan, "worker", "--no-scheduler"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert inbox.holding.wait(timeout=120), "the worker never reached the held message"
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
        inbox.release.set()
    try:
        statuses = list(Delivery.objects.order_by("pk").values_list("status", flat=True))
        # Recorded as each went: the nine sent are SENT, the tenth was being sent, the rest wait.
        assert statuses == ["sent"] * killed_after + ["sending"] + ["pending"] * (
            count - killed_after - 1
        )
        # Past the dead worker's staleness window and the delivery's lease (both 2 s).
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline:
            time.sleep(0.2)
        subprocess.run(
            [*coplan, "worker", "--batch", "--no-scheduler"],
            env=env,
            capture_output=True,
            timeout=180,
            check=True,
        )
    finally:
        controller.stop()
    received = sorted(rcpts[0] for rcpts, _message in inbox.messages)
    assert received == sorted(subscriber.email for subscriber in subscribers)
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}
    message_ids = {message["Message-ID"] for _rcpts, message in inbox.messages}
    assert len(message_ids) == count


@pytest.mark.django_db(transaction=True)
def test_a_weekly_digest_run_cut_off_goes_on_when_run_again(process, smtp_server, monkeypatch):
    """The digests sent stay sent; the one cut off goes out on the next run past its lease,
    under the same Message-ID; nobody gets two."""
    subscribers = _subscribers(process, 3)
    Subscriber.objects.update(frequency=Subscriber.Frequency.WEEKLY)
    services._deliveries_insert(_announcement(process))
    assert set(Delivery.objects.values_list("status", flat=True)) == {"digest"}
    real_message = emails.digest_message
    calls = []

    def dies_on_the_second(subscriber, announcements, **kwargs):
        calls.append(subscriber.pk)
        if len(calls) == 2:
            raise WorkerDied
        return real_message(subscriber, announcements, **kwargs)

    monkeypatch.setattr(emails, "digest_message", dies_on_the_second)
    today = timezone.localdate()
    with pytest.raises(WorkerDied):
        services.digests_send(today=today)
    monkeypatch.setattr(emails, "digest_message", real_message)
    assert sorted(Delivery.objects.values_list("status", flat=True)) == [
        "digest",
        "sending",
        "sent",
    ]
    # The one cut off is under its lease.
    assert services.digests_send(today=today)["sent"] == 1
    with time_machine.travel(timezone.now() + services.lease() * 2, tick=False):
        assert services.digests_send(today=today)["sent"] == 1
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}
    received = sorted(rcpts[0] for rcpts, _message in smtp_server.messages)
    assert received == sorted(subscriber.email for subscriber in subscribers)
    for rcpts, message in smtp_server.messages:
        digest = Subscriber.objects.get(email=rcpts[0]).digests.get()
        assert message["Message-ID"] == services.message_id("digest", digest.pk)


@pytest.mark.django_db(transaction=True)
def test_a_retry_cut_off_before_queueing_leaves_its_deliveries_to_the_next_retry(
    process, monkeypatch
):
    """Put back to "waiting" and queued in one transaction: never waiting with no job."""
    _subscribers(process, 2)
    services._deliveries_insert(_announcement(process))
    Delivery.objects.update(status="retry", next_attempt_at=timezone.now(), attempts=1)

    def dies(ids):
        raise WorkerDied

    monkeypatch.setattr(services, "_enqueue_ids", dies)
    with pytest.raises(WorkerDied):
        services.deliveries_retry()
    assert set(Delivery.objects.values_list("status", flat=True)) == {"retry"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "backend", ["django.core.mail.backends.locmem.EmailBackend", "filebased.EmailBackend"]
)
def test_backends_without_a_network_connection_send_too(process, settings, tmp_path, backend):
    """The development settings write mail to files (bin/serve) and tests keep it in memory:
    neither backend has an SMTP connection to open, and sending must not depend on one."""
    if backend.startswith("filebased"):
        backend = "django.core.mail.backends." + backend
        settings.EMAIL_FILE_PATH = str(tmp_path)
    settings.EMAIL_BACKEND = backend
    _subscribers(process, 2)
    services._deliveries_insert(_announcement(process))
    ids = sorted(Delivery.objects.values_list("pk", flat=True))
    assert services.deliveries_send(start=ids[0], end=ids[-1])["sent"] == 2
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}

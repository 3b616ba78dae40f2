"""Issue 10 speed targets, measured with a baseline in the same run (SQLite file in var/bench).

1. Notify 100,000 confirmed subscribers of a phase opening: fan-out (deliveries created and
   send tasks queued in the database queue) under 30 s. Baseline: inserting the same number of
   plain rows with executemany. Then send a sample through a local SMTP server (aiosmtpd on
   127.0.0.1) and record the rate.
2. Retention over 1,000,000 contributor-contact records under 5 minutes with flat memory
   (peak RSS growth recorded). Baseline: one raw UPDATE of the same rows.

Run: .venv/bin/python bench/issue10_privacy.py [--records 1000000] [--subscribers 100000]
"""

from __future__ import annotations

import argparse
import datetime
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB = ROOT / "var" / "bench" / "issue10.sqlite3"


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--subscribers", type=int, default=100_000)
    parser.add_argument("--send-sample", type=int, default=2_000)
    args = parser.parse_args()
    DB.parent.mkdir(parents=True, exist_ok=True)
    if DB.exists():
        DB.unlink()
    os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "coplan.settings.dev"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from django.utils import timezone

    from coplan.contributions.models import Contribution, ContributorContact
    from coplan.notifications import services as notify
    from coplan.notifications.models import Announcement, Delivery, Subscriber, Subscription
    from coplan.privacy import services as privacy
    from coplan.processes.models import Process

    now = timezone.now()
    process = Process.objects.create(
        slug="bench",
        title_en="Bench",
        title_fr="Banc",
        summary_en="s",
        summary_fr="s",
        starts_on=datetime.date(2017, 1, 1),
        ends_on=datetime.date(2018, 1, 1),
        privacy_purpose_en="p",
        privacy_purpose_fr="p",
        privacy_authority_en="a",
        privacy_authority_fr="a",
        privacy_contact_en="c",
        privacy_contact_fr="c",
        completed_on=datetime.date(2018, 6, 30),
    )
    results: dict[str, str] = {}

    # --- 1. fan-out of a phase opening -----------------------------------------------------
    batch = 10_000
    for start in range(0, args.subscribers, batch):
        Subscriber.objects.bulk_create(
            Subscriber(email=f"s{i}@example.org", confirmed_at=now, token=f"t{i}")
            for i in range(start, min(start + batch, args.subscribers))
        )
    ids = list(Subscriber.objects.values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        Subscription.objects.bulk_create(
            Subscription(
                subscriber_id=pk, process=process, kinds=",phase_opened,", confirmed_at=now
            )
            for pk in ids[start : start + batch]
        )
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_baseline (a integer, b integer, c varchar(10))")
        t0 = time.perf_counter()
        cursor.executemany(
            "INSERT INTO bench_baseline VALUES (%s, %s, %s)",
            [(pk, 1, "pending") for pk in ids],
        )
        baseline_insert = time.perf_counter() - t0
    os.environ.setdefault("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")
    announcement = Announcement.objects.create(
        kind="phase_opened",
        process=process,
        title_en="Review opens",
        title_fr="Révision",
        key="bench:phase",
    )
    t0 = time.perf_counter()
    queued = notify.announcement_fanout(announcement=announcement)
    fanout = time.perf_counter() - t0
    from django_tasks_db.models import DBTaskResult

    tasks = DBTaskResult.objects.filter(task_path__endswith="deliveries_send").count()
    results["fanout"] = (
        f"{queued:,} deliveries created and {tasks} send tasks queued in {fanout:.1f} s "
        f"(target < 30 s; baseline: raw insert of {len(ids):,} rows {baseline_insert:.1f} s)"
    )

    # Send a sample through a local SMTP server.
    from aiosmtpd.controller import Controller
    from django.conf import settings

    class Sink:
        count = 0

        async def handle_DATA(self, server, session, envelope):  # noqa: N802
            Sink.count += 1
            return "250 OK"

    controller = Controller(Sink(), hostname="127.0.0.1", port=19025)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 19025
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    sample = list(
        Delivery.objects.filter(announcement=announcement)
        .order_by("pk")
        .values_list("pk", flat=True)[: args.send_sample]
    )
    t0 = time.perf_counter()
    sent = 0
    for start in range(0, len(sample), 500):
        chunk = sample[start : start + 500]
        sent += notify.deliveries_send(start=chunk[0], end=chunk[-1])["sent"]
    send_time = time.perf_counter() - t0
    controller.stop()
    results["send"] = (
        f"{sent:,} messages through aiosmtpd on 127.0.0.1 in {send_time:.1f} s "
        f"= {sent / send_time:.0f} messages/s (received {Sink.count:,})"
    )

    # --- 2. retention over N records --------------------------------------------------------
    t0 = time.perf_counter()
    for start in range(0, args.records, 20_000):
        count = min(20_000, args.records - start)
        contributions = Contribution.objects.bulk_create(
            Contribution(process=process, kind="idea", text="t") for _ in range(count)
        )
        ContributorContact.objects.bulk_create(
            ContributorContact(contribution=c, name="Jane Roe", email="jane@example.org")
            for c in contributions
        )
    load = time.perf_counter() - t0
    with connection.cursor() as cursor:
        t0 = time.perf_counter()
        cursor.execute("UPDATE contributions_contributorcontact SET name = name")
        baseline_update = time.perf_counter() - t0
    rss_before = rss_mb()
    t0 = time.perf_counter()
    run = privacy.retention_run(today=datetime.date(2025, 1, 1))
    retention_time = time.perf_counter() - t0
    rss_after = rss_mb()
    remaining = ContributorContact.objects.exclude(email="").count()
    results["retention"] = (
        f"{run.counts.get('contributions.ContributorContact', 0):,} records de-identified in "
        f"{retention_time:.1f} s (target < 300 s; baseline: one raw UPDATE of the same rows "
        f"{baseline_update:.1f} s); peak RSS {rss_before:.0f} MB before, {rss_after:.0f} MB "
        f"after (growth {rss_after - rss_before:.0f} MB); {remaining} left identifying; "
        f"data load took {load:.0f} s"
    )
    for key, value in results.items():
        print(f"{key}: {value}")


if __name__ == "__main__":
    main()

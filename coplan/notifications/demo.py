"""Demo data of the notifications app: confirmed subscribers of the current process and of one
of its commitments, and the first retention runs (recorded here, once every app's demo data
exists). The announcements the other demos made for the 4th plan (its plan, report, progress...)
are dated as their subject (`announcements_date`), not the day the demo is loaded.

Idempotent: subscribers are found again by address; the runs are recorded once. Demo addresses
are under example.org (RFC 2606): nothing sent to them reaches anyone.
"""

from __future__ import annotations

import datetime

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from coplan.privacy import services as privacy_services
from coplan.privacy.models import RetentionRun
from coplan.processes.demo import CURRENT_SLUG, PAST_SLUG, TZ
from coplan.processes.models import Process

from .models import PROCESS_KINDS, Announcement, AnnouncementKind, Subscriber, Subscription

PROCESS_SUBSCRIBERS = [
    # (address, language, frequency, kinds followed)
    (
        "reader.demo@example.org",
        "en",
        Subscriber.Frequency.IMMEDIATE,
        [
            AnnouncementKind.PHASE_OPENED,
            AnnouncementKind.OPPORTUNITY_OPENED,
            AnnouncementKind.DRAFT_PLAN_PUBLISHED,
            AnnouncementKind.FINAL_PLAN_PUBLISHED,
        ],
    ),
    ("lectrice.demo@example.org", "fr", Subscriber.Frequency.WEEKLY, list(PROCESS_KINDS)),
    (
        "donnees.demo@example.org",
        "fr",
        Subscriber.Frequency.IMMEDIATE,
        [AnnouncementKind.REPORT_PUBLISHED, AnnouncementKind.DATASET_PUBLISHED],
    ),
]
COMMITMENT_FOLLOWER = ("suivi.demo@example.org", "fr")
FOLLOWED_COMMITMENT = "C-01"  # the current process's commitment being co-drafted


def _subscriber(email: str, language: str, frequency: str) -> Subscriber:
    now = timezone.now()
    subscriber, _created = Subscriber.objects.get_or_create(
        email=email,
        defaults={
            "language": language,
            "frequency": frequency,
            "confirmed_at": now,
            "confirmation_sent_at": now,
        },
    )
    return subscriber


# Where each announced subject keeps the moment it happened, first found wins.
SUBJECT_DATES = ("published_at", "at", "decided_at", "created_at")


def announcements_date(process: Process) -> None:
    """Date the announcements of a past process's history as their subject, never later.

    The other demos record that history through the real services, whose hooks announce it at
    the time they run; the demo then dates each subject when it happened, so its announcement
    follows. Subjects without a date keep the process's last day.
    """
    end_of_process = datetime.datetime.combine(process.ends_on, datetime.time(17), tzinfo=TZ)
    for announcement in Announcement.objects.filter(process=process):
        subject = announcement.target
        when = next(
            (
                getattr(subject, field)
                for field in SUBJECT_DATES
                if subject is not None and getattr(subject, field, None) is not None
            ),
            None,
        )
        if when is None or when > end_of_process:
            when = end_of_process
        Announcement.objects.filter(pk=announcement.pk).update(
            created_at=when,
            fanned_out_at=when if announcement.fanned_out_at else None,
        )


def load(stdout=None) -> None:
    past = Process.objects.filter(slug=PAST_SLUG).first()
    if past is not None:
        announcements_date(past)
    process = Process.objects.filter(slug=CURRENT_SLUG).first()
    if process is None:
        return
    now = timezone.now()
    for email, language, frequency, kinds in PROCESS_SUBSCRIBERS:
        subscriber = _subscriber(email, language, frequency)
        Subscription.objects.get_or_create(
            subscriber=subscriber,
            process=process,
            target_type=None,
            defaults={"kinds": Subscription.encode_kinds(kinds), "confirmed_at": now},
        )
    if apps.is_installed("coplan.commitments"):
        commitment = (
            apps.get_model("commitments", "Commitment")
            .objects.filter(process=process, identifier=FOLLOWED_COMMITMENT)
            .first()
        )
        if commitment is not None:
            subscriber = _subscriber(*COMMITMENT_FOLLOWER, Subscriber.Frequency.IMMEDIATE)
            Subscription.objects.get_or_create(
                subscriber=subscriber,
                target_type=ContentType.objects.get_for_model(commitment),
                target_id=commitment.pk,
                defaults={
                    "process": process,
                    "kinds": Subscription.encode_kinds([AnnouncementKind.COMMITMENT_PROGRESS]),
                    "confirmed_at": now,
                },
            )
    # What retention would do today, and the daily hash erasure: real runs over the demo data.
    if not RetentionRun.objects.exists():
        privacy_services.retention_run(dry_run=True)
        privacy_services.client_hashes_run()
    if stdout is not None:
        stdout.write(
            f"notifications: {Subscriber.objects.filter(confirmed_at__isnull=False).count()} "
            "confirmed subscribers"
        )

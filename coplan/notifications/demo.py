"""Demo data of the notifications app: confirmed subscribers of the demo process and of one
commitment, and the first retention runs (recorded here, once every app's demo data exists).

Idempotent: subscribers are found again by address; the runs are recorded once. Demo addresses
are under example.org (RFC 2606): nothing sent to them reaches anyone.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from coplan.privacy import services as privacy_services
from coplan.privacy.models import RetentionRun
from coplan.processes.demo import SLUG
from coplan.processes.models import Process

from .models import PROCESS_KINDS, AnnouncementKind, Subscriber, Subscription

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
FOLLOWED_COMMITMENT = "C-01"  # in implementation, with progress reported


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


def load(stdout=None) -> None:
    process = Process.objects.filter(slug=SLUG).first()
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

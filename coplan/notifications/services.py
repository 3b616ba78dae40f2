"""Fan-out, sending, retries, digests and the detection of dated events.

Announcing (`announcing`), subscribing (`subscribing`) and the steps of sending (`sending`) are
their own modules; their use cases are named here too, so that callers keep one entry point.
Only `deliveries_send` and `digests_send` hand messages to SMTP.
"""

from __future__ import annotations

import datetime
import logging
import smtplib
from typing import Any

from django.core.mail import get_connection
from django.db import connection, models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation

from coplan.processes.models import OpportunityStatusChange, Phase, Process

from .announcing import announcement_create as announcement_create
from .models import (
    PROCESS_KINDS,
    Announcement,
    AnnouncementKind,
    Delivery,
    DetectorState,
    Subscriber,
    Subscription,
)
from .sending import MAX_ATTEMPTS as MAX_ATTEMPTS
from .sending import (
    SendingRun,
    digest_claimable,
    digest_failed,
    digest_message,
    digest_sent,
    lease,
    sendable,
)
from .sending import _claim_one as _claim_one
from .sending import _finish as _finish
from .sending import idempotency_key as idempotency_key
from .sending import message_id as message_id
from .subscribing import CONFIRMATION_MAX_AGE as CONFIRMATION_MAX_AGE
from .subscribing import CONFIRMATION_SALT as CONFIRMATION_SALT
from .subscribing import SubscribeOutcome as SubscribeOutcome
from .subscribing import confirmation_token as confirmation_token
from .subscribing import subscriber_by_token as subscriber_by_token
from .subscribing import subscriber_unsubscribe as subscriber_unsubscribe
from .subscribing import subscription_confirm as subscription_confirm
from .subscribing import subscription_request as subscription_request

logger = logging.getLogger(__name__)

FANOUT_BATCH = 5_000
SEND_BATCH = 500


def subscriber_update_preferences(*, subscriber: Subscriber, language: str, frequency: str) -> None:
    Subscriber.objects.filter(pk=subscriber.pk).update(language=language, frequency=frequency)
    if frequency == Subscriber.Frequency.IMMEDIATE:
        # Waiting digest items go out now rather than never.
        waiting = Delivery.objects.filter(subscriber=subscriber, status=Delivery.Status.DIGEST)
        ids = list(waiting.values_list("pk", flat=True))
        with transaction.atomic():
            waiting.update(status=Delivery.Status.PENDING)
            if ids:
                _enqueue_ids(ids)


def subscription_remove(*, subscriber: Subscriber, subscription_pk: int) -> bool:
    return bool(subscriber.subscriptions.filter(pk=subscription_pk).delete()[0])


# --- fan-out ------------------------------------------------------------------


def followers(announcement: Announcement) -> models.QuerySet[Subscription]:
    """Confirmed subscriptions of active subscribers that follow this announcement."""
    follows = Q(pk__in=[])
    if announcement.process_id:
        follows |= Q(
            process_id=announcement.process_id,
            target_type__isnull=True,
            kinds__contains=f",{announcement.kind},",
        )
    if announcement.target_type_id:
        follows |= Q(
            target_type_id=announcement.target_type_id,
            target_id=announcement.target_id,
            kinds__contains=f",{announcement.kind},",
        )
    return Subscription.objects.filter(
        follows,
        confirmed_at__isnull=False,
        subscriber__confirmed_at__isnull=False,
        subscriber__unsubscribed_at__isnull=True,
        subscriber__deidentified_at__isnull=True,
    )


def announcement_fanout(*, announcement: Announcement) -> int:
    """Create one delivery per follower (idempotent) and queue the immediate ones for sending."""
    _deliveries_insert(announcement)
    pending = Delivery.objects.filter(announcement=announcement, status=Delivery.Status.PENDING)
    _enqueue_ranges(pending)
    total = Delivery.objects.filter(announcement=announcement).count()
    Announcement.objects.filter(pk=announcement.pk).update(
        fanned_out_at=timezone.now(), recipients=total
    )
    logger.info("announcement %s queued for %s subscribers", announcement.pk, total)
    return total


def _deliveries_insert(announcement: Announcement) -> None:
    """One INSERT … SELECT: a delivery per follower, computed and written by the database.

    Rows already there (a retried fan-out, a person following both the process and the object)
    are skipped by the unique (subscriber, announcement) constraint, so this is idempotent.
    Weekly subscribers' deliveries wait for their digest.
    """
    select, params = _delivery_rows(announcement).query.sql_with_params()
    quote = connection.ops.quote_name
    column = {field.name: str(field.column) for field in Delivery._meta.concrete_fields}
    columns = ", ".join(quote(column[name]) for name in _DELIVERY_COLUMNS)
    table = quote(Delivery._meta.db_table)
    if connection.vendor == "postgresql":
        sql = f"INSERT INTO {table} ({columns}) {select} ON CONFLICT DO NOTHING"  # noqa: S608
    else:
        sql = f"INSERT OR IGNORE INTO {table} ({columns}) {select}"  # noqa: S608
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


# The columns the INSERT … SELECT writes, in the order `_delivery_rows` selects them.
_DELIVERY_COLUMNS = ("subscriber", "status", "announcement", "attempts", "last_error", "claim")


def _delivery_rows(announcement: Announcement) -> models.QuerySet[Subscription, Any]:
    """The followers' delivery rows, as a SELECT of `_DELIVERY_COLUMNS`."""
    text = models.CharField()
    number = models.IntegerField()
    return (
        followers(announcement)
        .order_by()
        .annotate(
            delivery_status=models.Case(
                models.When(
                    subscriber__frequency=Subscriber.Frequency.WEEKLY,
                    then=models.Value(Delivery.Status.DIGEST.value),
                ),
                default=models.Value(Delivery.Status.PENDING.value),
                output_field=text,
            ),
            delivery_announcement=models.Value(announcement.pk, output_field=number),
            delivery_attempts=models.Value(0, output_field=number),
            delivery_error=models.Value("", output_field=text),
            delivery_claim=models.Value("", output_field=text),
        )
        .values_list(
            "subscriber_id",
            "delivery_status",
            "delivery_announcement",
            "delivery_attempts",
            "delivery_error",
            "delivery_claim",
        )
    )


def _enqueue_ranges(pending: models.QuerySet[Delivery]) -> int:
    """Queue send tasks over primary-key ranges of SEND_BATCH deliveries (few, small tasks)."""
    from .tasks import deliveries_send

    tasks = 0
    ids = pending.order_by("pk").values_list("pk", flat=True)
    start = None
    count = 0
    last = 0
    for pk in ids.iterator(chunk_size=10_000):
        if start is None:
            start = pk
        count += 1
        last = pk
        if count >= SEND_BATCH:
            deliveries_send.enqueue(start, last)
            tasks += 1
            start, count = None, 0
    if start is not None:
        deliveries_send.enqueue(start, last)
        tasks += 1
    return tasks


def _enqueue_ids(ids: list[int]) -> None:
    _enqueue_ranges(Delivery.objects.filter(pk__in=ids))


def deliveries_send(*, start: int, end: int) -> dict[str, int]:
    """Send the waiting deliveries with ids in [start, end] over one SMTP connection.

    Each delivery is claimed just before its message goes to SMTP and recorded as sent (or
    failed) right after, in its own committed UPDATE. A job killed midway leaves its sent
    deliveries sent and the rest waiting: run again (the worker's requeue does that), it goes on
    from where it stopped. The one delivery in flight at the kill stays "sending" until its
    lease runs out, then it is sent again with the same Message-ID.
    """
    counts = {"sent": 0, "failed": 0, "skipped": 0}
    candidates = sendable(start, end)
    if not candidates:
        return counts
    run = SendingRun(get_connection())
    try:
        for delivery in candidates:
            claim = _claim_one(delivery)
            if claim is None:
                continue
            message = run.message(delivery, claim)
            if isinstance(message, str):
                counts[message] += 1
                continue
            try:
                message.send()
            except (smtplib.SMTPException, OSError) as error:
                counts[run.failed(delivery, error)] += 1
            else:
                _finish(delivery, claim, status=Delivery.Status.SENT)
                counts["sent"] += 1
    finally:
        run.connection.close()
    return counts


def digests_send(*, today: datetime.date | None = None) -> dict[str, int]:
    """Send each weekly subscriber one message with the week's news (once per week)."""
    today = today or timezone.localdate()
    week_of = today - datetime.timedelta(days=today.weekday())
    counts = {"sent": 0, "failed": 0}
    claimable = digest_claimable(week_of)
    subscriber_ids = (
        Delivery.objects.filter(claimable).values_list("subscriber_id", flat=True).distinct()
    )
    connection = get_connection()
    for subscriber_id in list(subscriber_ids.iterator(chunk_size=2_000)):
        message, claim, items = digest_message(subscriber_id, week_of, claimable, connection)
        if message is None:
            continue
        try:
            message.send()
        except (smtplib.SMTPException, OSError) as error:
            counts[digest_failed(claim, items, error)] += 1
        else:
            counts[digest_sent(claim)] += 1
    connection.close()
    return counts


def deliveries_retry(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Queue failed deliveries whose next attempt is due, and those whose sending was cut off.

    A delivery "sending" past its lease was interrupted (its worker died): it counts as one
    attempt and is sent again (digest items wait for the next digest), up to MAX_ATTEMPTS.
    """
    now = now or timezone.now()
    failed, in_digest = _interrupted_requeue(now)
    due = Delivery.objects.filter(status=Delivery.Status.RETRY, next_attempt_at__lte=now)
    ids = list(due.values_list("pk", flat=True)[:50_000])
    # Waiting again and queued together (the task queue is in the same database): a worker
    # dying between the two would leave deliveries waiting that no job would ever send.
    with transaction.atomic():
        Delivery.objects.filter(pk__in=ids, status=Delivery.Status.RETRY).update(
            status=Delivery.Status.PENDING
        )
        if ids:
            _enqueue_ids(ids)
    return {"requeued": len(ids), "failed": failed, "interrupted_digests": in_digest}


def _interrupted_requeue(now: datetime.datetime) -> tuple[int, int]:
    """Count an attempt for each delivery cut off while sending: failed for good past
    MAX_ATTEMPTS, back in its digest, else due for a retry now. Answer (failed, in digest)."""
    interrupted = Delivery.objects.filter(
        status=Delivery.Status.SENDING, claimed_at__lt=now - lease()
    )
    attempt = {"attempts": F("attempts") + 1, "last_error": "interrupted while sending"}
    failed = interrupted.filter(attempts__gte=MAX_ATTEMPTS - 1).update(
        status=Delivery.Status.FAILED, **attempt
    )
    in_digest = interrupted.filter(digest__isnull=False).update(
        status=Delivery.Status.DIGEST, **attempt
    )
    interrupted.update(status=Delivery.Status.RETRY, next_attempt_at=now, **attempt)
    return failed, in_digest


# --- detecting events from records ------------------------------------------------------------


def opportunity_change_announce(*, change: OpportunityStatusChange) -> Announcement | None:
    """Announce a recorded opportunity status change: opened (from “to be announced”) or closed.

    A reopening is not news of an opening (the opportunity was announced before).
    Keyed by the change, so the hook and the scheduler's catch-up announce it once.
    """
    if change.to_status == "open" and change.from_status == "announced":
        kind = AnnouncementKind.OPPORTUNITY_OPENED
    elif change.to_status == "closed" and change.from_status == "open":
        kind = AnnouncementKind.OPPORTUNITY_CLOSED
    else:
        return None
    opportunity = change.opportunity
    return announcement_create(
        kind=kind,
        process=opportunity.phase.process,
        obj=opportunity,
        title=_bilingual(opportunity, "title"),
        body=_bilingual(opportunity, "description"),
        key=f"{kind.value}:{change.pk}",
    )


def _bilingual(obj: models.Model, field: str) -> dict[str, Any]:
    """A translated field's two languages (modeltranslation's `<field>_en` and `<field>_fr`)."""
    return {language: getattr(obj, f"{field}_{language}") for language in ("en", "fr")}


def events_detect(*, today: datetime.date | None = None) -> dict[str, int]:
    """Announce what the scheduler and staff did: opportunities opened, phases started.

    Status changes are announced as they are recorded (`hooks`); this pass catches any change
    recorded without its hook (a raw fixture load), with the same keys, so nothing is sent twice.
    """
    today = today or timezone.localdate()
    return {
        "opportunities": _opportunity_changes_announce(),
        "phases": _phase_starts_announce(today),
    }


def _opportunity_changes_announce() -> int:
    """Announce the status changes recorded since the last pass (a thousand at most)."""
    state, _created = DetectorState.objects.get_or_create(name="opportunity_status_changes")
    changes = (
        OpportunityStatusChange.objects.filter(pk__gt=state.last_id)
        .select_related("opportunity__phase__process")
        .order_by("pk")
    )
    last_id, announced = state.last_id, 0
    for change in changes[:1_000]:
        last_id = change.pk
        if opportunity_change_announce(change=change) is not None:
            announced += 1
    DetectorState.objects.filter(pk=state.pk).update(last_id=last_id)
    return announced


def _phase_starts_announce(today: datetime.date) -> int:
    """Announce the phases that started since the last pass, up to today."""
    yesterday = today - datetime.timedelta(days=1)
    state, _created = DetectorState.objects.get_or_create(
        name="phase_starts", defaults={"last_date": yesterday}
    )
    since = state.last_date or yesterday
    started = Phase.objects.filter(starts_on__gt=since, starts_on__lte=today)
    announced = 0
    for phase in started.select_related("process"):
        with translation.override("en"):
            url = phase.process.get_absolute_url() + f"#phase-{phase.kind}"
        announcement_create(
            kind=AnnouncementKind.PHASE_OPENED,
            process=phase.process,
            obj=phase,
            title=_bilingual(phase, "name"),
            body=_bilingual(phase, "purpose"),
            url=url,
            key=f"phase_opened:{phase.pk}:{phase.starts_on.isoformat()}",
        )
        announced += 1
    DetectorState.objects.filter(pk=state.pk).update(last_date=today)
    return announced


def subscribe_path(process: Process | None = None) -> str:
    path = reverse("notifications:subscribe")
    return f"{path}?process={process.slug}" if process is not None else path


__all__ = ["PROCESS_KINDS"]

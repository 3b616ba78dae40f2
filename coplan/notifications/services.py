"""Subscriptions, announcements, fan-out and sending.

Guarantees:
- nothing but the confirmation message is ever sent to an address that has not confirmed;
- one address receives at most CONFIRMATIONS_PER_ADDRESS confirmations per hour, however many
  clients ask (no mail bomb);
- each (subscriber, announcement) is one Delivery, claimed by one conditional UPDATE just before
  its message is handed to SMTP and recorded as sent right after: a task run twice sends nothing
  twice, and a task killed midway loses nothing (run again, it sends what was left);
- a delivery cut off mid-transaction ("sending" past its lease) is sent again with the same
  Message-ID (its idempotency key), so receiving systems see one message.
"""

from __future__ import annotations

import datetime
import logging
import secrets
import smtplib
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import get_connection
from django.db import connection, models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from coplan.core.ratelimit import Rate, hit
from coplan.privacy.services import address_key

from . import emails
from .models import (
    PROCESS_KINDS,
    Announcement,
    AnnouncementKind,
    Delivery,
    Digest,
    Subscriber,
    Subscription,
    new_token,
)

logger = logging.getLogger(__name__)

CONFIRMATION_SALT = "coplan.notifications.confirm"
CONFIRMATION_MAX_AGE = datetime.timedelta(days=3)
CONFIRMATIONS_PER_ADDRESS = Rate(3, 60 * 60)
FANOUT_BATCH = 5_000
SEND_BATCH = 500
MAX_ATTEMPTS = 5
RETRY_BASE = datetime.timedelta(minutes=5)
BOUNCES_BEFORE_STOP = 3


# --- subscribing -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SubscribeOutcome:
    subscriber: Subscriber | None
    limited: bool


def subscription_request(
    *,
    email: str,
    language: str,
    frequency: str,
    process=None,
    kinds: Iterable[str] = (),
    target: models.Model | None = None,
    user=None,
    client_hash: str = "",
) -> SubscribeOutcome:
    """Record what an address wants to follow (unconfirmed) and send one confirmation.

    Over the per-address limit nothing is stored and nothing is sent.
    """
    email = email.strip().lower()
    kinds = [kind for kind in kinds if kind in AnnouncementKind.values]
    if target is None and (process is None or not kinds):
        raise ValidationError(_("Choose at least one kind of news to follow."))
    if not hit("notifications_confirm", address_key(email), CONFIRMATIONS_PER_ADDRESS):
        return SubscribeOutcome(subscriber=None, limited=True)
    now = timezone.now()
    with transaction.atomic():
        subscriber, created = Subscriber.objects.select_for_update().get_or_create(
            email=email,
            defaults={
                "language": language,
                "frequency": frequency,
                "user": user,
                "client_hash": client_hash,
            },
        )
        if not created:
            if subscriber.unsubscribed_at is not None or subscriber.deidentified_at is not None:
                # Coming back after leaving: confirm again, with fresh links.
                subscriber.unsubscribed_at = None
                subscriber.confirmed_at = None
                subscriber.deidentified_at = None
                subscriber.token = new_token()
                subscriber.bounce_count = 0
            if not subscriber.is_active:
                # Only an unconfirmed address may have its preferences set by anyone.
                subscriber.language = language
                subscriber.frequency = frequency
            if user is not None and subscriber.user_id is None:
                subscriber.user = user
            subscriber.client_hash = client_hash
        subscriber.confirmation_sent_at = now
        subscriber.save()
        lookup: dict[str, object] = {"subscriber": subscriber}
        if target is not None:
            lookup["target_type"] = ContentType.objects.get_for_model(target)
            lookup["target_id"] = target.pk
            lookup["process"] = process
        else:
            lookup["process"] = process
            lookup["target_type"] = None
        subscription = Subscription.objects.filter(**lookup).first()
        if subscription is None:
            subscription = Subscription(**lookup)
        new_kinds = set(subscription.kind_list) | set(kinds)
        if new_kinds != set(subscription.kind_list):
            subscription.confirmed_at = None
        subscription.kinds = Subscription.encode_kinds(new_kinds)
        subscription.full_clean(exclude=["subscriber", "process", "target_type"])
        subscription.save()
        pk = subscriber.pk
        transaction.on_commit(lambda: _enqueue_confirmation(pk))
    return SubscribeOutcome(subscriber=subscriber, limited=False)


def _enqueue_confirmation(subscriber_pk: int) -> None:
    from .tasks import confirmation_send

    confirmation_send.enqueue(subscriber_pk)


def confirmation_token(subscriber: Subscriber) -> str:
    return signing.TimestampSigner(salt=CONFIRMATION_SALT).sign(subscriber.token)


def subscription_confirm(*, token: str) -> Subscriber:
    """Confirm the address and everything it asked to follow; a replay changes nothing."""
    signer = signing.TimestampSigner(salt=CONFIRMATION_SALT)
    try:
        secret = signer.unsign(token, max_age=CONFIRMATION_MAX_AGE)
    except signing.SignatureExpired:
        raise ValidationError(
            _("This confirmation link has expired. Please subscribe again to get a new one."),
            code="expired",
        ) from None
    except signing.BadSignature:
        raise ValidationError(
            _("This confirmation link is not valid. Please subscribe again to get a new one."),
            code="invalid",
        ) from None
    subscriber = Subscriber.objects.filter(token=secret, unsubscribed_at__isnull=True).first()
    if subscriber is None:
        raise ValidationError(
            _("This confirmation link is no longer valid. Please subscribe again."),
            code="invalid",
        )
    now = timezone.now()
    with transaction.atomic():
        Subscriber.objects.filter(pk=subscriber.pk, confirmed_at__isnull=True).update(
            confirmed_at=now
        )
        subscriber.subscriptions.filter(confirmed_at__isnull=True).update(confirmed_at=now)
    subscriber.refresh_from_db()
    return subscriber


def subscriber_by_token(token: str) -> Subscriber | None:
    if not token or len(token) > 64:
        return None
    return Subscriber.objects.filter(token=token, unsubscribed_at__isnull=True).first()


def subscriber_unsubscribe(*, token: str) -> bool:
    """Stop every message to the address; the link stops working (replays are told so)."""
    with transaction.atomic():
        changed = Subscriber.objects.filter(token=token, unsubscribed_at__isnull=True).update(
            unsubscribed_at=timezone.now(), token=new_token()
        )
        if changed:
            Delivery.objects.filter(
                subscriber__unsubscribed_at__isnull=False,
                status__in=[Delivery.Status.PENDING, Delivery.Status.DIGEST, Delivery.Status.RETRY],
            ).update(status=Delivery.Status.SKIPPED)
    return bool(changed)


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


# --- announcing and fan-out ------------------------------------------------------------------


def _localized(value, language: str) -> str:
    if isinstance(value, dict):
        return str(value.get(language) or value.get("en") or "")
    return str(value or "")


def announcement_create(
    *,
    kind: str,
    process=None,
    obj: models.Model | None = None,
    title=None,
    body=None,
    url: str = "",
    key: str | None = None,
) -> Announcement:
    """Record an event once (its key) and queue it for everyone following it.

    `title` and `body` are {"en": ..., "fr": ...}; without a title, the object's bilingual title
    is used. `url` is a path of the site (any language; each reader gets their own).
    """
    if kind not in AnnouncementKind.values:
        raise ValueError(f"Unknown announcement kind {kind!r}")
    if title is None and obj is not None:
        title = {
            lang: getattr(obj, f"title_{lang}", None)
            or getattr(obj, f"name_{lang}", None)
            or str(obj)
            for lang in ("en", "fr")
        }
    if url == "" and obj is not None and hasattr(obj, "get_absolute_url"):
        with translation.override("en"):
            url = obj.get_absolute_url()
    if key is None:
        if obj is None:
            raise ValueError("An announcement without an object needs a key.")
        key = f"{kind}:{obj._meta.label_lower}:{obj.pk}"
    values = {
        "kind": kind,
        "process": process,
        "title_en": _localized(title, "en")[:250],
        "title_fr": _localized(title, "fr")[:250],
        "body_en": _localized(body, "en"),
        "body_fr": _localized(body, "fr"),
        "url": url[:500],
    }
    if obj is not None:
        values["target_type"] = ContentType.objects.get_for_model(obj)
        values["target_id"] = obj.pk
    with transaction.atomic():
        announcement, created = Announcement.objects.get_or_create(key=key[:200], defaults=values)
        if created:
            pk = announcement.pk
            transaction.on_commit(lambda: _enqueue_fanout(pk))
    return announcement


def _enqueue_fanout(pk: int) -> None:
    from .tasks import announcement_fanout

    announcement_fanout.enqueue(pk)


def followers(announcement: Announcement) -> models.QuerySet:
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
    rows = (
        followers(announcement)
        .order_by()
        .annotate(
            delivery_status=models.Case(
                models.When(
                    subscriber__frequency=Subscriber.Frequency.WEEKLY,
                    then=models.Value(Delivery.Status.DIGEST.value),
                ),
                default=models.Value(Delivery.Status.PENDING.value),
                output_field=models.CharField(),
            ),
            delivery_announcement=models.Value(announcement.pk, output_field=models.IntegerField()),
            delivery_attempts=models.Value(0, output_field=models.IntegerField()),
            delivery_error=models.Value("", output_field=models.CharField()),
            delivery_claim=models.Value("", output_field=models.CharField()),
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
    select, params = rows.query.sql_with_params()
    quote = connection.ops.quote_name
    columns = ", ".join(
        quote(Delivery._meta.get_field(name).column)
        for name in ("subscriber", "status", "announcement", "attempts", "last_error", "claim")
    )
    table = quote(Delivery._meta.db_table)
    if connection.vendor == "postgresql":
        sql = f"INSERT INTO {table} ({columns}) {select} ON CONFLICT DO NOTHING"  # noqa: S608
    else:
        sql = f"INSERT OR IGNORE INTO {table} ({columns}) {select}"  # noqa: S608
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def _enqueue_ranges(pending: models.QuerySet) -> int:
    """Queue send tasks over primary-key ranges of SEND_BATCH deliveries (few, small tasks)."""
    from .tasks import deliveries_send

    tasks = 0
    ids = pending.order_by("pk").values_list("pk", flat=True)
    start = None
    count = 0
    last = None
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


# --- sending ---------------------------------------------------------------------------------


def lease() -> datetime.timedelta:
    """How long one claimed delivery may stay "sending" before another job may take it over.

    One claim covers one SMTP transaction, so the lease is a few of its timeouts, not a batch.
    """
    return datetime.timedelta(seconds=settings.COPLAN_DELIVERY_LEASE_SECONDS)


def idempotency_key(kind: str, pk: int) -> str:
    """A message's idempotency key: the same on every attempt, unguessable from outside."""
    return salted_hmac(f"coplan.notifications.{kind}", str(pk)).hexdigest()[:32]


def message_id(kind: str, pk: int) -> str:
    """The Message-ID of a delivery or a digest: a resend after an interrupted attempt carries
    the same one, so mail systems that saw the first copy recognise the second."""
    return f"<{kind}.{idempotency_key(kind, pk)}@{emails._domain()}>"


def _claimable(now: datetime.datetime) -> Q:
    """Waiting, or "sending" under a lease that ran out (its worker died mid-transaction)."""
    return Q(status=Delivery.Status.PENDING) | Q(
        status=Delivery.Status.SENDING, claimed_at__lt=now - lease()
    )


def _claim_one(delivery: Delivery) -> str | None:
    """Claim one delivery by a conditional UPDATE; None when another job has it or it is done.

    This is the check made before each message: only a delivery still waiting (or whose lease
    ran out) can be claimed, so a sent delivery is never handed to SMTP again.
    """
    now = timezone.now()
    claim = secrets.token_hex(8)
    claimed = Delivery.objects.filter(_claimable(now), pk=delivery.pk).update(
        status=Delivery.Status.SENDING, claim=claim, claimed_at=now
    )
    return claim if claimed else None


def _classify(error: Exception) -> tuple[bool, str]:
    """(permanent?, a short description without any address)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        code = codes[0] if codes else 550
        return code >= 500, f"recipient refused ({code})"
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500, f"SMTP {error.smtp_code}"
    return False, error.__class__.__name__


def _record_failures(failures: list[tuple[Delivery, Exception]], now: datetime.datetime) -> None:
    for delivery, error in failures:
        permanent, description = _classify(error)
        attempts = delivery.attempts + 1
        if permanent:
            Delivery.objects.filter(pk=delivery.pk).update(
                status=Delivery.Status.BOUNCED, attempts=attempts, last_error=description
            )
            Subscriber.objects.filter(pk=delivery.subscriber_id).update(
                bounce_count=F("bounce_count") + 1
            )
            Subscriber.objects.filter(
                pk=delivery.subscriber_id, bounce_count__gte=BOUNCES_BEFORE_STOP
            ).update(unsubscribed_at=now, token=new_token())
        elif attempts >= MAX_ATTEMPTS:
            Delivery.objects.filter(pk=delivery.pk).update(
                status=Delivery.Status.FAILED, attempts=attempts, last_error=description
            )
        else:
            Delivery.objects.filter(pk=delivery.pk).update(
                status=Delivery.Status.RETRY,
                attempts=attempts,
                last_error=description,
                next_attempt_at=now + RETRY_BASE * (2 ** (attempts - 1)),
            )
        logger.warning("delivery %s failed: %s", delivery.pk, description)


def deliveries_send(*, start: int, end: int) -> dict[str, int]:
    """Send the waiting deliveries with ids in [start, end] over one SMTP connection.

    Each delivery is claimed just before its message goes to SMTP and recorded as sent (or
    failed) right after, in its own committed UPDATE. A job killed midway leaves its sent
    deliveries sent and the rest waiting: run again (the worker's requeue does that), it goes on
    from where it stopped. The one delivery in flight at the kill stays "sending" until its
    lease runs out, then it is sent again with the same Message-ID.
    """
    counts = {"sent": 0, "failed": 0, "skipped": 0}
    candidates = list(
        Delivery.objects.filter(_claimable(timezone.now()), pk__gte=start, pk__lte=end)
        .select_related("subscriber", "announcement")
        .order_by("pk")
    )
    if not candidates:
        return counts
    connection = get_connection()
    unreachable: Exception | None = None
    try:
        for delivery in candidates:
            claim = _claim_one(delivery)
            if claim is None:
                continue
            if not delivery.subscriber.is_active:
                _finish(delivery, claim, status=Delivery.Status.SKIPPED)
                counts["skipped"] += 1
                continue
            if unreachable is None and connection.connection is None:
                try:
                    connection.open()
                except (smtplib.SMTPException, OSError) as error:
                    # The server is down: the rest of the range fails now and is retried
                    # later, rather than each message waiting for its own timeout.
                    unreachable = error
            if unreachable is not None:
                _record_failures([(delivery, unreachable)], timezone.now())
                counts["failed"] += 1
                continue
            message = emails.announcement_message(
                delivery.subscriber, delivery.announcement, connection=connection
            )
            message.extra_headers["Message-ID"] = message_id("delivery", delivery.pk)
            try:
                message.send()
            except (smtplib.SMTPException, OSError) as error:
                _record_failures([(delivery, error)], timezone.now())
                counts["failed"] += 1
                if isinstance(error, smtplib.SMTPServerDisconnected | OSError):
                    # The connection is gone: the next message opens a new one.
                    connection.close()
            else:
                _finish(delivery, claim, status=Delivery.Status.SENT)
                counts["sent"] += 1
    finally:
        connection.close()
    return counts


def _finish(delivery: Delivery, claim: str, *, status: str) -> None:
    values: dict[str, object] = {"status": status}
    if status == Delivery.Status.SENT:
        values.update(sent_at=timezone.now(), attempts=F("attempts") + 1)
    Delivery.objects.filter(pk=delivery.pk, claim=claim).update(**values)


def deliveries_retry(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Queue failed deliveries whose next attempt is due, and those whose sending was cut off.

    A delivery "sending" past its lease was interrupted (its worker died): it counts as one
    attempt and is sent again (digest items wait for the next digest), up to MAX_ATTEMPTS.
    """
    now = now or timezone.now()
    interrupted = Delivery.objects.filter(
        status=Delivery.Status.SENDING, claimed_at__lt=now - lease()
    )
    failed = interrupted.filter(attempts__gte=MAX_ATTEMPTS - 1).update(
        status=Delivery.Status.FAILED,
        attempts=F("attempts") + 1,
        last_error="interrupted while sending",
    )
    in_digest = interrupted.filter(digest__isnull=False).update(
        status=Delivery.Status.DIGEST,
        attempts=F("attempts") + 1,
        last_error="interrupted while sending",
    )
    interrupted.update(
        status=Delivery.Status.RETRY,
        attempts=F("attempts") + 1,
        last_error="interrupted while sending",
        next_attempt_at=now,
    )
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


def digests_send(*, today: datetime.date | None = None) -> dict[str, int]:
    """Send each weekly subscriber one message with the week's news (once per week)."""
    today = today or timezone.localdate()
    week_of = today - datetime.timedelta(days=today.weekday())
    counts = {"sent": 0, "failed": 0}
    # Waiting items, and this week's items whose sending was cut off (a dead worker: this job
    # run again goes on with them, under the same digest and so the same Message-ID).
    claimable = Q(status=Delivery.Status.DIGEST) | Q(
        status=Delivery.Status.SENDING,
        digest__week_of=week_of,
        claimed_at__lt=timezone.now() - lease(),
    )
    subscriber_ids = (
        Delivery.objects.filter(claimable).values_list("subscriber_id", flat=True).distinct()
    )
    connection = get_connection()
    for subscriber_id in list(subscriber_ids.iterator(chunk_size=2_000)):
        digest, _created = Digest.objects.get_or_create(
            subscriber_id=subscriber_id, week_of=week_of
        )
        claim = secrets.token_hex(8)
        Delivery.objects.filter(claimable, subscriber_id=subscriber_id).update(
            status=Delivery.Status.SENDING, claim=claim, claimed_at=timezone.now(), digest=digest
        )
        items = list(
            Delivery.objects.filter(claim=claim).select_related("announcement", "subscriber")
        )
        if not items:
            continue
        subscriber = items[0].subscriber
        if not subscriber.is_active:
            Delivery.objects.filter(claim=claim).update(status=Delivery.Status.SKIPPED)
            continue
        message = emails.digest_message(
            subscriber, [item.announcement for item in items], connection=connection
        )
        # One digest per subscriber and week: a resent digest keeps its Message-ID.
        message.extra_headers["Message-ID"] = message_id("digest", digest.pk)
        try:
            message.send()
        except (smtplib.SMTPException, OSError) as error:
            _record_failures([(item, error) for item in items], timezone.now())
            # Failed digest items wait for next week's digest rather than being lost.
            Delivery.objects.filter(claim=claim, status=Delivery.Status.RETRY).update(
                status=Delivery.Status.DIGEST
            )
            counts["failed"] += 1
        else:
            Delivery.objects.filter(claim=claim).update(
                status=Delivery.Status.SENT, sent_at=timezone.now(), attempts=F("attempts") + 1
            )
            counts["sent"] += 1
    connection.close()
    return counts


# --- detecting events from records ------------------------------------------------------------


def opportunity_change_announce(*, change) -> Announcement | None:
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
        title={"en": opportunity.title_en, "fr": opportunity.title_fr},
        body={"en": opportunity.description_en, "fr": opportunity.description_fr},
        key=f"{kind.value}:{change.pk}",
    )


def events_detect(*, today: datetime.date | None = None) -> dict[str, int]:
    """Announce what the scheduler and staff did: opportunities opened, phases started.

    Status changes are announced as they are recorded (`hooks`); this pass catches any change
    recorded without its hook (a raw fixture load), with the same keys, so nothing is sent twice.
    """
    from django.apps import apps

    from .models import DetectorState

    today = today or timezone.localdate()
    counts = {"opportunities": 0, "phases": 0}
    change_model = apps.get_model("processes", "OpportunityStatusChange")
    phase_model = apps.get_model("processes", "Phase")

    state, _created = DetectorState.objects.get_or_create(name="opportunity_status_changes")
    changes = (
        change_model.objects.filter(pk__gt=state.last_id)
        .select_related("opportunity__phase__process")
        .order_by("pk")
    )
    last_id = state.last_id
    for change in changes[:1_000]:
        last_id = change.pk
        if opportunity_change_announce(change=change) is not None:
            counts["opportunities"] += 1
    DetectorState.objects.filter(pk=state.pk).update(last_id=last_id)

    state, created = DetectorState.objects.get_or_create(
        name="phase_starts", defaults={"last_date": today - datetime.timedelta(days=1)}
    )
    since = state.last_date or today - datetime.timedelta(days=1)
    for phase in phase_model.objects.filter(
        starts_on__gt=since, starts_on__lte=today
    ).select_related("process"):
        with translation.override("en"):
            url = phase.process.get_absolute_url() + f"#phase-{phase.kind}"
        announcement_create(
            kind=AnnouncementKind.PHASE_OPENED,
            process=phase.process,
            obj=phase,
            title={"en": phase.name_en, "fr": phase.name_fr},
            body={"en": phase.purpose_en, "fr": phase.purpose_fr},
            url=url,
            key=f"phase_opened:{phase.pk}:{phase.starts_on.isoformat()}",
        )
        counts["phases"] += 1
    DetectorState.objects.filter(pk=state.pk).update(last_date=today)
    return counts


def subscribe_path(process=None) -> str:
    path = reverse("notifications:subscribe")
    return f"{path}?process={process.slug}" if process is not None else path


__all__ = ["PROCESS_KINDS"]

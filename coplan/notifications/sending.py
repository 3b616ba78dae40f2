"""Sending announcements (the steps; `services.deliveries_send` and `digests_send` hand the
messages to SMTP): each (subscriber, announcement) is one Delivery, claimed by one
conditional UPDATE just before its message is handed to SMTP and recorded as sent right after: a
task run twice sends nothing twice, and a task killed midway loses nothing (run again, it sends
what was left). A delivery cut off mid-transaction ("sending" past its lease) is sent again with
the same Message-ID (its idempotency key), so receiving systems see one message.
"""

from __future__ import annotations

import datetime
import logging
import secrets
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.db.models import F, Q
from django.utils import timezone
from django.utils.crypto import salted_hmac

from . import emails
from .models import Delivery, Digest, Subscriber, new_token

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
RETRY_BASE = datetime.timedelta(minutes=5)
BOUNCES_BEFORE_STOP = 3


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
        outcome: dict[str, object] = {"attempts": attempts, "last_error": description}
        if permanent:
            outcome["status"] = Delivery.Status.BOUNCED
        elif attempts >= MAX_ATTEMPTS:
            outcome["status"] = Delivery.Status.FAILED
        else:
            outcome["status"] = Delivery.Status.RETRY
            outcome["next_attempt_at"] = now + RETRY_BASE * (2 ** (attempts - 1))
        Delivery.objects.filter(pk=delivery.pk).update(**outcome)
        if permanent:
            _bounce_count(delivery.subscriber_id, now)
        logger.warning("delivery %s failed: %s", delivery.pk, description)


def _bounce_count(subscriber_id: int, now: datetime.datetime) -> None:
    """One more refusal for the address; past BOUNCES_BEFORE_STOP it is unsubscribed."""
    Subscriber.objects.filter(pk=subscriber_id).update(bounce_count=F("bounce_count") + 1)
    Subscriber.objects.filter(pk=subscriber_id, bounce_count__gte=BOUNCES_BEFORE_STOP).update(
        unsubscribed_at=now, token=new_token()
    )


def sendable(start: int, end: int) -> list[Delivery]:
    """The deliveries with ids in [start, end] that a job may claim, in order."""
    return list(
        Delivery.objects.filter(_claimable(timezone.now()), pk__gte=start, pk__lte=end)
        .select_related("subscriber", "announcement")
        .order_by("pk")
    )


class SendingRun:
    """One SMTP connection through a range of deliveries; once the server is found down, the
    rest of the range fails now and is retried later, rather than each message waiting for its
    own timeout. `services.deliveries_send` hands each message to SMTP."""

    def __init__(self, connection: BaseEmailBackend) -> None:
        self.connection = connection
        self.unreachable: Exception | None = None

    def message(self, delivery: Delivery, claim: str) -> EmailMessage | str:
        """The claimed delivery's message; or what became of it ("skipped", "failed")."""
        if not delivery.subscriber.is_active:
            _finish(delivery, claim, status=Delivery.Status.SKIPPED)
            return "skipped"
        self._open()
        if self.unreachable is not None:
            _record_failures([(delivery, self.unreachable)], timezone.now())
            return "failed"
        message = emails.announcement_message(
            delivery.subscriber, delivery.announcement, connection=self.connection
        )
        message.extra_headers["Message-ID"] = message_id("delivery", delivery.pk)
        return message

    def failed(self, delivery: Delivery, error: Exception) -> str:
        _record_failures([(delivery, error)], timezone.now())
        if isinstance(error, smtplib.SMTPServerDisconnected | OSError):
            # The connection is gone: the next message opens a new one.
            self.connection.close()
        return "failed"

    def _open(self) -> None:
        # File, console and memory backends (development, tests) have no connection to open.
        if self.unreachable is None and getattr(self.connection, "connection", None) is None:
            try:
                self.connection.open()
            except (smtplib.SMTPException, OSError) as error:
                self.unreachable = error


def _finish(delivery: Delivery, claim: str, *, status: str) -> None:
    values: dict[str, object] = {"status": status}
    if status == Delivery.Status.SENT:
        values.update(sent_at=timezone.now(), attempts=F("attempts") + 1)
    Delivery.objects.filter(pk=delivery.pk, claim=claim).update(**values)


def digest_claimable(week_of: datetime.date) -> Q:
    """Waiting items, and this week's items whose sending was cut off (a dead worker: the job
    run again goes on with them, under the same digest and so the same Message-ID)."""
    return Q(status=Delivery.Status.DIGEST) | Q(
        status=Delivery.Status.SENDING,
        digest__week_of=week_of,
        claimed_at__lt=timezone.now() - lease(),
    )


def digest_message(
    subscriber_id: int, week_of: datetime.date, claimable: Q, connection: BaseEmailBackend
) -> tuple[EmailMessage | None, str, list[Delivery]]:
    """The subscriber's digest of the week and the claim on its items; no message when there
    is nothing to send (nothing waiting, or the address no longer active)."""
    digest, claim = _digest_claim(subscriber_id, week_of, claimable)
    items = list(Delivery.objects.filter(claim=claim).select_related("announcement", "subscriber"))
    if not items:
        return None, claim, items
    if not items[0].subscriber.is_active:
        Delivery.objects.filter(claim=claim).update(status=Delivery.Status.SKIPPED)
        return None, claim, items
    message = emails.digest_message(
        items[0].subscriber, [item.announcement for item in items], connection=connection
    )
    # One digest per subscriber and week: a resent digest keeps its Message-ID.
    message.extra_headers["Message-ID"] = message_id("digest", digest.pk)
    return message, claim, items


def _digest_claim(subscriber_id: int, week_of: datetime.date, claimable: Q) -> tuple[Digest, str]:
    """The subscriber's digest of the week, and the claim on its items (one UPDATE)."""
    digest, _created = Digest.objects.get_or_create(subscriber_id=subscriber_id, week_of=week_of)
    claim = secrets.token_hex(8)
    Delivery.objects.filter(claimable, subscriber_id=subscriber_id).update(
        status=Delivery.Status.SENDING, claim=claim, claimed_at=timezone.now(), digest=digest
    )
    return digest, claim


def digest_failed(claim: str, items: list[Delivery], error: Exception) -> str:
    """Record the failure; the digest's items wait for next week's digest, not lost."""
    _record_failures([(item, error) for item in items], timezone.now())
    Delivery.objects.filter(claim=claim, status=Delivery.Status.RETRY).update(
        status=Delivery.Status.DIGEST
    )
    return "failed"


def digest_sent(claim: str) -> str:
    Delivery.objects.filter(claim=claim).update(
        status=Delivery.Status.SENT, sent_at=timezone.now(), attempts=F("attempts") + 1
    )
    return "sent"

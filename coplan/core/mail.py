"""Transactional email sent at most once per message, whatever happens to the worker.

Background tasks run at least once: a worker that dies after handing a message to SMTP and
before its task is recorded as finished has the task run again. For announcements the
notifications app claims each delivery just before sending and records it right after; this
module applies the same rule to single messages (confirmation links, access links):

- the message has a key naming what it is (kind and ids, never an address); one OutgoingMail row
  per key, claimed by one conditional UPDATE just before sending, marked sent right after;
- a second run of the task finds the message sent (or claimed under a live lease) and sends
  nothing;
- a worker killed between the claim and the record leaves the claim to lapse (the delivery lease,
  COPLAN_DELIVERY_LEASE_SECONDS); the message is then sent again with the same Message-ID, so
  mail systems that did receive the first copy recognise the second.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F, Q
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .models import OutgoingMail

# Sent messages are remembered this long (a retried task comes back within minutes).
KEEP_SENT = datetime.timedelta(days=30)


def _lease() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.COPLAN_DELIVERY_LEASE_SECONDS)


def message_id(key: str) -> str:
    """The same Message-ID on every attempt at one message, unguessable from outside."""
    digest = salted_hmac("coplan.core.mail", key).hexdigest()[:32]
    domain = urlsplit(settings.COPLAN_SITE_URL).hostname or "localhost"
    return f"<{key.split(':', 1)[0]}.{digest}@{domain}>"


def send_once(key: str, build: Callable[[], EmailMessage]) -> bool:
    """Send the message `build()` makes unless the message named `key` was sent already.

    Returns True when it was handed to SMTP now; False when it had been sent, or another worker
    holds it under a live claim. An SMTP error releases the claim and propagates (the task
    fails and may be retried).
    """
    OutgoingMail.objects.get_or_create(key=key)
    now = timezone.now()
    claim = secrets.token_hex(8)
    claimed = (
        OutgoingMail.objects.filter(key=key, sent_at__isnull=True)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - _lease()))
        .update(claim=claim, claimed_at=now, attempts=F("attempts") + 1)
    )
    if not claimed:
        return False
    try:
        message = build()
        message.extra_headers["Message-ID"] = message_id(key)
        message.send()
    except BaseException:
        OutgoingMail.objects.filter(key=key, claim=claim).update(claim="", claimed_at=None)
        raise
    _record_sent(key, claim)
    return True


def _record_sent(key: str, claim: str) -> None:
    OutgoingMail.objects.filter(key=key, claim=claim).update(sent_at=timezone.now())


def outgoing_mail_prune(*, now: datetime.datetime | None = None) -> int:
    """Forget messages sent (or abandoned) long ago: no task is retried after that long."""
    now = now or timezone.now()
    deleted, _detail = OutgoingMail.objects.filter(created_at__lt=now - KEEP_SENT).delete()
    return deleted

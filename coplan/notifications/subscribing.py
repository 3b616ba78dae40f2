"""Subscribing: an address asks to follow news, confirms by the link it receives, leaves.

Nothing but the confirmation message is ever sent to an address that has not confirmed, and one
address receives at most CONFIRMATIONS_PER_ADDRESS confirmations per hour, however many clients
ask (no mail bomb).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coplan.core.ratelimit import Rate, hit
from coplan.privacy.services import address_key

from .models import AnnouncementKind, Delivery, Subscriber, Subscription, new_token

if TYPE_CHECKING:
    from coplan.accounts.models import User
    from coplan.processes.models import Process

CONFIRMATION_SALT = "coplan.notifications.confirm"
CONFIRMATION_MAX_AGE = datetime.timedelta(days=3)
CONFIRMATIONS_PER_ADDRESS = Rate(3, 60 * 60)


@dataclass(frozen=True)
class SubscribeOutcome:
    subscriber: Subscriber | None
    limited: bool


def subscription_request(
    *,
    email: str,
    language: str,
    frequency: str,
    process: Process | None = None,
    kinds: Iterable[str] = (),
    target: models.Model | None = None,
    user: User | None = None,
    client_hash: str = "",
) -> SubscribeOutcome:
    """Record what an address wants to follow (unconfirmed) and send one confirmation.

    Over the per-address limit nothing is stored and nothing is sent.
    """
    email = email.strip().lower()
    kinds = _kinds_known(kinds, process=process, target=target)
    if not hit("notifications_confirm", address_key(email), CONFIRMATIONS_PER_ADDRESS):
        return SubscribeOutcome(subscriber=None, limited=True)
    wishes = {"language": language, "frequency": frequency, "user": user}
    with transaction.atomic():
        subscriber = _subscriber_awaiting_confirmation(email, wishes, client_hash)
        _subscription_extend(subscriber, kinds, process=process, target=target)
        pk = subscriber.pk
        transaction.on_commit(lambda: _enqueue_confirmation(pk))
    return SubscribeOutcome(subscriber=subscriber, limited=False)


def _kinds_known(
    kinds: Iterable[str], *, process: Process | None, target: models.Model | None
) -> list[str]:
    """The kinds of news asked for that exist; a process is followed for at least one."""
    known = [kind for kind in kinds if kind in AnnouncementKind.values]
    if target is None and (process is None or not known):
        raise ValidationError(_("Choose at least one kind of news to follow."))
    return known


def _subscriber_awaiting_confirmation(
    email: str, wishes: dict[str, Any], client_hash: str
) -> Subscriber:
    """The address's subscriber, created or taken up again, its confirmation sent now."""
    subscriber, created = Subscriber.objects.select_for_update().get_or_create(
        email=email, defaults={**wishes, "client_hash": client_hash}
    )
    if not created:
        _subscriber_come_back(subscriber, wishes)
        subscriber.client_hash = client_hash
    subscriber.confirmation_sent_at = timezone.now()
    subscriber.save()
    return subscriber


def _subscriber_come_back(subscriber: Subscriber, wishes: dict[str, Any]) -> None:
    if subscriber.unsubscribed_at is not None or subscriber.deidentified_at is not None:
        # Coming back after leaving: confirm again, with fresh links.
        subscriber.unsubscribed_at = None
        subscriber.confirmed_at = None
        subscriber.deidentified_at = None
        subscriber.token = new_token()
        subscriber.bounce_count = 0
    if not subscriber.is_active:
        # Only an unconfirmed address may have its preferences set by anyone.
        subscriber.language = wishes["language"]
        subscriber.frequency = wishes["frequency"]
    if wishes["user"] is not None and subscriber.user_id is None:
        subscriber.user = wishes["user"]


def _subscription_extend(
    subscriber: Subscriber,
    kinds: list[str],
    *,
    process: Process | None,
    target: models.Model | None,
) -> None:
    """Add the kinds to the subscription to the process or target; new kinds await confirmation."""
    lookup: dict[str, object] = {"subscriber": subscriber, "process": process, "target_type": None}
    if target is not None:
        lookup["target_type"] = ContentType.objects.get_for_model(target)
        lookup["target_id"] = target.pk
    subscription = Subscription.objects.filter(**lookup).first() or Subscription(**lookup)
    new_kinds = set(subscription.kind_list) | set(kinds)
    if new_kinds != set(subscription.kind_list):
        subscription.confirmed_at = None
    subscription.kinds = Subscription.encode_kinds(new_kinds)
    subscription.full_clean(exclude=["subscriber", "process", "target_type"])
    subscription.save()


def _enqueue_confirmation(subscriber_pk: int) -> None:
    from .tasks import confirmation_send

    confirmation_send.enqueue(subscriber_pk)


def confirmation_token(subscriber: Subscriber) -> str:
    return signing.TimestampSigner(salt=CONFIRMATION_SALT).sign(subscriber.token)


def subscription_confirm(*, token: str) -> Subscriber:
    """Confirm the address and everything it asked to follow; a replay changes nothing."""
    subscriber = Subscriber.objects.filter(
        token=_confirmed_secret(token), unsubscribed_at__isnull=True
    ).first()
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


def _confirmed_secret(token: str) -> str:
    """The subscriber's secret that a confirmation link carries; a ValidationError when the
    link has expired or was not made here."""
    signer = signing.TimestampSigner(salt=CONFIRMATION_SALT)
    try:
        return signer.unsign(token, max_age=CONFIRMATION_MAX_AGE)
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

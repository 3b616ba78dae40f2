from __future__ import annotations

from coplan.accounts.models import User

from .models import Subscriber, Subscription


def subscribers_of(user: User) -> list[Subscriber]:
    """Addresses a person subscribed while signed in.

    Not matched by the account's address: account addresses are not proven, and the list holds
    the manage links of each subscription.
    """
    return list(Subscriber.objects.filter(user=user, unsubscribed_at__isnull=True).order_by("pk"))


def subscriptions_for(subscribers: list[Subscriber]) -> list[Subscription]:
    """Their subscriptions with the process and target, in a fixed number of queries."""
    return list(
        Subscription.objects.filter(subscriber__in=subscribers)
        .select_related("process", "subscriber", "target_type")
        .prefetch_related("target")
        .order_by("subscriber_id", "pk")
    )

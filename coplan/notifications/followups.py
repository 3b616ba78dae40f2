"""Contribution follow-ups end with their consultation.

A contributor who asked to be told of the response to their contribution follows that one
contribution (a `Subscription` whose target is it). Once the consultation's activity has ended
(the process's retention clock: the end of its last phase, or the day staff closed it) there is
nothing more to tell: the daily job removes those subscriptions, and an address left following
nothing is unsubscribed — so the privacy registry's rule for subscribers (de-identified
`retention_months` after unsubscribing) applies to it, as to any other address.
"""

from __future__ import annotations

import datetime

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from .models import Subscriber, Subscription, new_token


def contribution_followups_end(*, today: datetime.date | None = None) -> dict[str, int]:
    """Remove follow-ups of contributions whose process has ended; unsubscribe the addresses
    left following nothing. A second run the same day changes nothing."""
    today = today or timezone.localdate()
    process_model = apps.get_model("processes", "Process")
    ended = [
        pk
        for pk, ended_on, _months in process_model.retention_clock()
        if ended_on is not None and ended_on < today
    ]
    contribution_type = ContentType.objects.get_for_model(
        apps.get_model("contributions", "Contribution")
    )
    with transaction.atomic():
        followups = Subscription.objects.filter(target_type=contribution_type, process_id__in=ended)
        subscriber_ids = set(followups.values_list("subscriber_id", flat=True))
        removed, _detail = followups.delete()
        unsubscribed = _unsubscribe_if_following_nothing(subscriber_ids)
    return {"followups": removed, "unsubscribed": unsubscribed}


def _unsubscribe_if_following_nothing(subscriber_ids: set[int]) -> int:
    """Unsubscribe those of the addresses left following nothing; answer how many."""
    alone = (
        Subscriber.objects.filter(pk__in=subscriber_ids, unsubscribed_at__isnull=True)
        .exclude(pk__in=Subscription.objects.values("subscriber_id"))
        .values_list("pk", flat=True)
    )
    # Each gets its own new token (the old links stop), as when people unsubscribe.
    unsubscribed = 0
    for pk in list(alone):
        unsubscribed += Subscriber.objects.filter(pk=pk, unsubscribed_at__isnull=True).update(
            unsubscribed_at=timezone.now(), token=new_token()
        )
    return unsubscribed

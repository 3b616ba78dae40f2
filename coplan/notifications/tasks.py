"""Background work: fan-out, sending (mail queue), retries, digests and event detection."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation
from django_tasks import task

from . import emails, services
from .models import Announcement, Subscriber


@task()
def announcement_fanout(announcement_id: int) -> int:
    announcement = Announcement.objects.filter(pk=announcement_id).first()
    if announcement is None:
        return 0
    return services.announcement_fanout(announcement=announcement)


@task(queue_name="mail")
def deliveries_send(start: int, end: int) -> dict:
    return services.deliveries_send(start=start, end=end)


@task(queue_name="mail")
def confirmation_send(subscriber_id: int) -> bool:
    """Send the double opt-in message (ids travel through the queue, never addresses)."""
    from coplan.core.mail import send_once

    subscriber = Subscriber.objects.filter(pk=subscriber_id, unsubscribed_at__isnull=True).first()
    if subscriber is None:
        return False

    def build():
        with translation.override(subscriber.language):
            path = reverse(
                "notifications:confirm", kwargs={"token": services.confirmation_token(subscriber)}
            )
        return emails.confirmation_message(subscriber, path)

    # One message per request (each sets confirmation_sent_at): a task run again after its
    # worker died sends nothing twice (coplan.core.mail, as deliveries do).
    requested = subscriber.confirmation_sent_at or subscriber.created_at
    return send_once(f"subscription-confirm:{subscriber.pk}:{requested.timestamp()}", build)


@task()
def deliveries_retry() -> dict:
    """Periodic: queue failed deliveries whose next attempt is due."""
    return services.deliveries_retry()


@task(queue_name="mail")
def digests_send() -> dict:
    """Periodic (weekly): one digest per weekly subscriber."""
    return services.digests_send()


@task()
def events_detect() -> dict:
    """Periodic: announce opportunities that opened and phases that started."""
    return services.events_detect()


@task()
def contribution_followups_end() -> dict:
    """Periodic (daily): contribution follow-ups end with their consultation."""
    from .followups import contribution_followups_end as end

    return end()

"""Background work for contributions: the address confirmation emails (mail queue)."""

from __future__ import annotations

from django_tasks import task


@task(queue_name="mail")
def address_confirmation_send(kind: str, pk: int) -> bool:
    """Email a confirmation link (a support's, a questionnaire answer's) in the person's
    language; the record's id travels through the queue, never the address."""
    from .confirmation import send

    return send(kind, pk)

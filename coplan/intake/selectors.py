from __future__ import annotations

from django.db.models import QuerySet

from .models import ImportRun, Mailbox


def runs_for_staff() -> QuerySet[ImportRun]:
    """Import runs, newest first, with what the list shows (one query per page)."""
    return ImportRun.objects.select_related("process", "mailbox").order_by("-started_at", "-pk")


def mailboxes_for_staff() -> QuerySet[Mailbox]:
    """Mailboxes with their process, failing ones first."""
    return Mailbox.objects.select_related("process").order_by("-failure_count", "label", "pk")

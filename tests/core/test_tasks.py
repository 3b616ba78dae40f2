"""The core's periodic clean-ups: task results only where the database keeps them (their keeping
periods: tests/core/test_worker.py), transactional messages forgotten after thirty days."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from coplan.core.models import OutgoingMail
from coplan.core.tasks import outgoing_mail_prune, task_results_prune

pytestmark = pytest.mark.django_db


def test_without_the_database_backend_there_is_nothing_to_prune(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    assert task_results_prune.call() == 0


def test_the_daily_task_forgets_old_messages_only():
    OutgoingMail.objects.create(key="confirm:1")
    OutgoingMail.objects.create(key="confirm:2")
    OutgoingMail.objects.filter(key="confirm:1").update(
        created_at=timezone.now() - datetime.timedelta(days=31)
    )
    assert outgoing_mail_prune.call() == 1
    assert list(OutgoingMail.objects.values_list("key", flat=True)) == ["confirm:2"]

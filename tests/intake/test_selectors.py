"""The staff lists of intake (intake.selectors): import runs newest first, mailboxes failing
first, each in one query however many there are."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from coplan.intake.models import ImportRun, Mailbox
from coplan.intake.selectors import mailboxes_for_staff, runs_for_staff

pytestmark = pytest.mark.django_db


def _mailbox(process, label: str, failures: int = 0) -> Mailbox:
    return Mailbox.objects.create(
        process=process,
        label=label,
        host="imap.example.org",
        username="consultation",
        password_env="INTAKE_PASSWORD",
        failure_count=failures,
    )


def test_runs_newest_first_with_process_and_mailbox_in_one_query(
    process, django_assert_num_queries
):
    mailbox = _mailbox(process, "Consultation")
    now = timezone.now()
    old = ImportRun.objects.create(
        process=process, source="imap", mailbox=mailbox, started_at=now - datetime.timedelta(1)
    )
    new = ImportRun.objects.create(process=process, source="notes", started_at=now)
    same_time = ImportRun.objects.create(process=process, source="social", started_at=now)
    with django_assert_num_queries(1):
        runs = list(runs_for_staff())
        assert [run.mailbox and run.mailbox.label for run in runs] == [None, None, "Consultation"]
        assert {run.process.slug for run in runs} == {process.slug}
    assert runs == [same_time, new, old]


def test_failing_mailboxes_come_first_then_by_label(process, django_assert_num_queries):
    calm_b = _mailbox(process, "B")
    calm_a = _mailbox(process, "A")
    failing = _mailbox(process, "Z", failures=3)
    with django_assert_num_queries(1):
        boxes = list(mailboxes_for_staff())
        assert {box.process.slug for box in boxes} == {process.slug}
    assert boxes == [failing, calm_a, calm_b]

"""Writing de-identified values onto rows: in windows of keys, or row by row; a dry run only
counts, and a second run changes nothing."""

from __future__ import annotations

import pytest
from django.db.models import Q
from django.utils import timezone

from coplan.intake.models import EmailAttachment
from coplan.notifications.models import Subscriber
from coplan.privacy import deidentifying
from coplan.privacy.deidentifying import deidentify_rows, pending_condition, windows
from coplan.privacy.registry import registry
from tests.contributions.factories import ContributionFactory
from tests.processes.factories import OpportunityFactory

pytestmark = pytest.mark.django_db


def _subscribers(count: int) -> list[Subscriber]:
    return [Subscriber.objects.create(email=f"person{n}@example.org") for n in range(count)]


def test_windows_cover_every_key_in_ranges_of_the_window_size(monkeypatch):
    monkeypatch.setattr(deidentifying, "UPDATE_WINDOW", 2)
    people = _subscribers(5)
    found = [
        sorted(window.values_list("pk", flat=True)) for window in windows(Subscriber.objects.all())
    ]
    assert [pk for window in found for pk in window] == [person.pk for person in people]
    assert all(len(window) <= 2 for window in found) and len(found) == 3
    assert list(windows(Subscriber.objects.none())) == []


def test_a_model_with_a_marker_is_pending_until_marked():
    entry = registry.get(Subscriber)
    bulk, per_row = deidentifying.deidentified_values(entry)
    assert pending_condition(entry, bulk, per_row) == Q(deidentified_at__isnull=True)


def test_a_dry_run_counts_and_a_real_one_writes_once():
    people = _subscribers(3)
    entry = registry.get(Subscriber)
    now = timezone.now()
    assert deidentify_rows(entry, Subscriber.objects.all(), now, dry_run=True) == 3
    assert Subscriber.objects.filter(email__endswith="@example.org").count() == 3
    assert deidentify_rows(entry, Subscriber.objects.all(), now, dry_run=False) == 3
    assert sorted(Subscriber.objects.values_list("email", flat=True)) == sorted(
        f"deidentified-{person.pk}@invalid" for person in people
    )
    assert not Subscriber.objects.filter(deidentified_at__isnull=True).exists()


def test_row_by_row_leaves_rows_already_deidentified_alone():
    contribution = ContributionFactory(opportunity=OpportunityFactory())
    entry = registry.get(EmailAttachment)
    attachments = EmailAttachment.objects.all()
    EmailAttachment.objects.create(
        contribution=contribution, filename="letter.txt", size=1, sha256="0" * 64
    )
    assert deidentify_rows(entry, attachments, timezone.now(), dry_run=False) == 1
    assert attachments.get().filename == ""
    assert deidentify_rows(entry, attachments, timezone.now(), dry_run=False) == 0

"""The privacy command (privacy.management.commands.privacy): what each chore did or would do,
in counts only, and a clear error for a date it cannot read."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from coplan.privacy.models import AccessRequest, RetentionRun

pytestmark = pytest.mark.django_db


def _privacy(*args: str) -> str:
    out = io.StringIO()
    call_command("privacy", *args, stdout=out)
    return out.getvalue()


def test_client_hashes_say_what_they_would_erase_then_erase_it():
    old = AccessRequest.objects.create(
        email="x@example.org",
        client_hash="a" * 32,
        requested_at=timezone.now() - datetime.timedelta(days=31),
    )
    assert _privacy("client-hashes", "--dry-run") == (
        "privacy.AccessRequest: would de-identify 1 record(s)\n"
    )
    old.refresh_from_db()
    assert old.client_hash == "a" * 32
    assert _privacy("client-hashes") == "privacy.AccessRequest: de-identified 1 record(s)\n"
    old.refresh_from_db()
    assert old.client_hash == ""
    assert [run.dry_run for run in RetentionRun.objects.order_by("pk")] == [True, False]


def test_nothing_to_do_is_said_with_the_date_it_was_checked_for():
    assert _privacy("retention", "--date", "2020-02-29") == "Nothing to do as of 2020-02-29.\n"
    assert RetentionRun.objects.get().run_on == datetime.date(2020, 2, 29)


@pytest.mark.parametrize("date", ["2020-02-30", "29/02/2020", "yesterday"])
def test_a_date_it_cannot_read_is_an_error_and_nothing_runs(date):
    with pytest.raises(CommandError, match="--date must be YYYY-MM-DD"):
        _privacy("retention", "--date", date)
    assert not RetentionRun.objects.exists()


def test_a_chore_must_be_named():
    with pytest.raises(CommandError):
        _privacy()

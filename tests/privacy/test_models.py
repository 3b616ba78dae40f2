"""What the privacy app keeps (privacy.models): a retention run's counts and name, and a
correction request due thirty days after it was received, overdue only while still open."""

from __future__ import annotations

import datetime
import zoneinfo

from django.utils import translation

from coplan.privacy.models import CORRECTION_DUE_DAYS, CorrectionRequest, RetentionRun


def test_a_runs_total_adds_its_counts_and_its_name_says_its_kind_and_date():
    run = RetentionRun(
        kind="client_hashes", run_on=datetime.date(2024, 3, 1), counts={"a.B": 2, "c.D": 5}
    )
    assert run.total == 7 and RetentionRun(run_on=datetime.date(2024, 3, 1)).total == 0
    with translation.override("en"):
        assert str(run) == "Erasure of client address hashes 2024-03-01"


def test_a_correction_is_due_thirty_days_after_the_day_it_was_received_in_the_sites_zone(
    settings,
):
    settings.TIME_ZONE = "America/Toronto"
    # 02:00 UTC on 1 March is still 29 February in Toronto.
    received = datetime.datetime(2024, 3, 1, 2, 0, tzinfo=datetime.UTC)
    assert CORRECTION_DUE_DAYS == 30
    assert CorrectionRequest.due_date(received) == datetime.date(2024, 3, 30)
    toronto = received.astimezone(zoneinfo.ZoneInfo("America/Toronto"))
    assert CorrectionRequest.due_date(toronto) == datetime.date(2024, 3, 30)


def test_only_an_open_request_past_its_date_is_overdue():
    due = datetime.date(2024, 3, 30)
    received = CorrectionRequest(status="received", due_on=due)
    assert not received.is_overdue(today=due)
    assert received.is_overdue(today=due + datetime.timedelta(days=1))
    assert CorrectionRequest(status="in_progress", due_on=due).is_overdue(
        today=datetime.date(2025, 1, 1)
    )
    for closed in ("corrected", "declined"):
        assert not CorrectionRequest(status=closed, due_on=due).is_overdue(
            today=datetime.date(2025, 1, 1)
        )

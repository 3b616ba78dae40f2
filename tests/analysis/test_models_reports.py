"""A What We Heard report: named by its snapshot's date in the reader's language, and published
once (a draft may be published; a published report goes nowhere else)."""

from __future__ import annotations

import datetime

from django.utils import translation

from coplan.analysis.models import Report


def test_a_report_is_named_by_the_date_of_its_snapshot(process):
    report = Report(
        process=process, snapshot_at=datetime.datetime(2018, 7, 1, 18, tzinfo=datetime.UTC)
    )
    with translation.override("en"):
        assert str(report) == "What We Heard, 2018-07-01"
    with translation.override("fr"):
        assert str(report).endswith("2018-07-01") and "What We Heard" not in str(report)


def test_a_draft_may_only_be_published_and_a_published_report_stays_so():
    assert Report.TRANSITIONS[Report.Status.DRAFT] == {Report.Status.PUBLISHED}
    assert Report.TRANSITIONS[Report.Status.PUBLISHED] == frozenset()
    assert Report().status == Report.Status.DRAFT

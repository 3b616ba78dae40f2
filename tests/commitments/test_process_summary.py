"""The commitments block of the process page reads its figures in one query (issue 21: a full
render of the process page within 15 queries), the same figures the dashboard reads in two."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coplan.commitments import selectors
from tests.commitments.factories import make_commitment, make_milestone
from tests.processes.factories import ProcessFactory

TODAY = datetime.date(2019, 1, 15)


@pytest.mark.django_db
def test_process_summary_is_one_query_with_the_dashboard_figures():
    process = ProcessFactory()
    assert selectors.process_summary(process, TODAY) is None
    implementing = make_commitment(process, status="implementation")
    make_milestone(implementing, ends_on=datetime.date(2018, 12, 31))  # overdue
    make_milestone(implementing, ends_on=datetime.date(2018, 12, 31), status="completed")
    make_milestone(implementing, ends_on=datetime.date(2019, 6, 30))
    make_commitment(process, status="implementation")
    make_commitment(process, status="draft")
    make_commitment(ProcessFactory(), status="draft")  # another process's
    with CaptureQueriesContext(connection) as queries:
        summary = selectors.process_summary(process, TODAY)
    assert len(queries) == 1
    statuses = selectors.status_counts(process)
    assert summary["total"] == 3
    assert summary["statuses"] == [row for row in statuses if row[2]]
    assert summary["milestones"] == selectors.milestone_counts(process, TODAY)
    assert summary["milestones"]["total"] == 3
    assert summary["milestones"]["overdue"] == 1

"""Milestones: overdue is computed (past the end date, neither completed nor withdrawn), the
same in the database as in Python; each milestone has its own page."""

from __future__ import annotations

import datetime

import pytest

from coplan.commitments.models import Milestone
from coplan.commitments.models.tracking import MilestoneStatus
from tests.commitments.factories import make_commitment, make_milestone

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2019, 7, 1)


@pytest.mark.parametrize(
    ("ends_on", "status", "overdue"),
    [
        (datetime.date(2019, 6, 30), MilestoneStatus.IN_PROGRESS, True),
        (datetime.date(2019, 6, 30), MilestoneStatus.DELAYED, True),
        (datetime.date(2019, 6, 30), MilestoneStatus.COMPLETED, False),
        (datetime.date(2019, 6, 30), MilestoneStatus.WITHDRAWN, False),
        (TODAY, MilestoneStatus.NOT_STARTED, False),
        (None, MilestoneStatus.NOT_STARTED, False),
    ],
)
def test_overdue_in_the_database_and_in_python_agree(process, ends_on, status, overdue):
    milestone = make_milestone(make_commitment(process), ends_on=ends_on, status=status)
    assert milestone.is_overdue(TODAY) is overdue
    assert Milestone.objects.overdue(TODAY).exists() is overdue
    assert Milestone.objects.filter(Milestone.objects.overdue_q(TODAY)).exists() is overdue


def test_overdue_without_a_day_means_today(process):
    milestone = make_milestone(make_commitment(process), ends_on=datetime.date(2000, 1, 1))
    assert milestone.overdue and list(Milestone.objects.overdue()) == [milestone]


def test_a_milestone_is_named_by_its_description_and_found_on_its_page(process):
    commitment = make_commitment(process, identifier="C-03")
    milestone = make_milestone(commitment, description_en="x" * 100)
    assert str(milestone) == "x" * 80
    url = milestone.get_absolute_url()
    assert url.startswith(f"/en/commitments/{process.slug}/C-03/") and str(milestone.pk) in url

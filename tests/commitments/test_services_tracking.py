"""Tracking a commitment: a government update sets its milestone's status, percentage and
completion day, with its evidence link; a civil-society partner's assessment sits beside it and
changes nothing of the milestone; neither is dated in the future nor beyond 100 %."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from coplan.commitments.models import CommitmentActor, MilestoneEvidence, ProgressUpdate
from coplan.commitments.services import assessment_post, progress_report
from tests.accounts.factories import OrganisationFactory, staff_with_role
from tests.commitments.factories import make_commitment, make_milestone

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2019, 3, 1, 12, tzinfo=datetime.UTC)
DAY = datetime.date(2019, 2, 1)


@pytest.fixture
def department():
    return OrganisationFactory()


@pytest.fixture
def milestone(process, department):
    commitment = make_commitment(process, status="in_implementation")
    return make_milestone(commitment, responsible=department)


def _report(milestone, user, **kwargs):
    values = {
        "reported_on": DAY,
        "text_en": "Half done.",
        "text_fr": "À moitié fait.",
        "status": "in_progress",
        "percent_complete": 50,
    }
    return progress_report(milestone=milestone, user=user, **{**values, **kwargs})


@time_machine.travel(NOW, tick=False)
def test_an_update_sets_its_milestone_and_keeps_its_evidence(milestone, department):
    reporter = staff_with_role("department reporter", organisation=department)
    update = _report(
        milestone, reporter, evidence_url="https://example.org/report", evidence_label_fr="Rapport"
    )
    milestone.refresh_from_db()
    assert (milestone.status, milestone.percent_complete) == ("in_progress", 50)
    assert (update.kind, update.organisation_id, update.author) == (
        "government",
        department.pk,
        reporter,
    )
    evidence = MilestoneEvidence.objects.get(milestone=milestone)
    assert (evidence.label_en, evidence.label_fr) == ("https://example.org/report", "Rapport")


@time_machine.travel(NOW, tick=False)
def test_completion_keeps_its_first_day_and_reopening_clears_it(milestone, administrator):
    _report(milestone, administrator, status="completed", percent_complete=80)
    milestone.refresh_from_db()
    assert (milestone.percent_complete, milestone.completed_on) == (100, DAY)
    _report(milestone, administrator, status="completed", reported_on=DAY + datetime.timedelta(9))
    milestone.refresh_from_db()
    assert milestone.completed_on == DAY
    _report(milestone, administrator, status="delayed", percent_complete=70)
    milestone.refresh_from_db()
    assert (milestone.status, milestone.completed_on) == ("delayed", None)


@time_machine.travel(NOW, tick=False)
def test_an_update_in_the_future_or_beyond_100_is_refused(milestone, administrator):
    with pytest.raises(ValidationError, match="cannot be dated in the future"):
        _report(milestone, administrator, reported_on=datetime.date(2019, 3, 2))
    with translation.override("fr"), pytest.raises(ValidationError, match="entre 0 et 100"):
        _report(milestone, administrator, percent_complete=101)
    assert not ProgressUpdate.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_a_reporter_of_another_department_is_told_why_in_french(milestone):
    stranger = staff_with_role("department reporter", organisation=OrganisationFactory())
    with translation.override("fr"), pytest.raises(PermissionDenied) as refused:
        _report(milestone, stranger)
    assert "votre propre organisation" in str(refused.value)


@time_machine.travel(NOW, tick=False)
def test_a_confirmed_partner_s_assessment_changes_nothing_of_the_milestone(milestone):
    partner_organisation = OrganisationFactory(kind="civil_society")
    CommitmentActor.objects.create(
        commitment=milestone.commitment,
        organisation=partner_organisation,
        kind="civil_society",
        status="confirmed",
    )
    partner = staff_with_role("forum member", organisation=partner_organisation)
    assessment = assessment_post(
        milestone=milestone,
        user=partner,
        reported_on=DAY,
        text_en="Late.",
        text_fr="En retard.",
        status="delayed",
        percent_complete=10,
    )
    assert assessment.is_assessment and assessment.organisation_id == partner_organisation.pk
    milestone.refresh_from_db()
    assert (milestone.status, milestone.percent_complete) == ("not_started", 0)

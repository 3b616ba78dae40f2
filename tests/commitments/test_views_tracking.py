"""The tracking pages of a milestone: a department's progress report and a civil-society
partner's assessment, posted through their staff forms and read back on the public page."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from coplan.commitments.models import CommitmentActor, ProgressUpdate
from tests.accounts.factories import OrganisationFactory, staff_with_role
from tests.commitments.factories import make_commitment, make_milestone

pytestmark = pytest.mark.django_db


def _staff_url(milestone, page: str, language: str = "en") -> str:
    commitment = milestone.commitment
    return (
        f"/{language}/commitments/{commitment.process.slug}/{commitment.identifier}"
        f"/staff/milestones/{milestone.pk}/{page}/"
    )


def _update(**changes) -> dict:
    return {
        "reported_on": timezone.localdate().isoformat(),
        "status": "in_progress",
        "percent_complete": "40",
        "text_en": "Half of the datasets are listed.",
        "text_fr": "La moitié des jeux de données sont inventoriés.",
        **changes,
    }


def test_a_report_moves_the_milestone_and_reads_in_each_language(client):
    department = OrganisationFactory()
    milestone = make_milestone(make_commitment(), responsible=department)
    client.force_login(staff_with_role("department reporter", organisation=department))

    response = client.post(_staff_url(milestone, "report", "fr"), _update(), follow=True)

    assert "Votre mise à jour est publiée." in response.content.decode()
    milestone.refresh_from_db()
    assert (milestone.status, milestone.percent_complete) == ("in_progress", 40)
    update = ProgressUpdate.objects.get(milestone=milestone)
    assert update.kind == "government" and update.organisation == department
    french = client.get(milestone.get_absolute_url().replace("/en/", "/fr/", 1)).content.decode()
    english = client.get(milestone.get_absolute_url().replace("/fr/", "/en/", 1)).content.decode()
    assert "La moitié des jeux de données" in french and "Half of the datasets" not in french
    assert "Half of the datasets" in english and "La moitié des jeux" not in english


@pytest.mark.parametrize(
    ("language", "changes", "message"),
    [
        ("en", {"reported_on": "2999-01-01"}, "An update cannot be dated in the future."),
        (
            "fr",
            {"reported_on": "2999-01-01"},
            "Une mise à jour ne peut pas être datée dans le futur.",
        ),
        ("en", {"percent_complete": "101"}, "less than or equal to 100"),
        ("en", {"reported_on": "not a date"}, "Enter a valid date."),
        ("fr", {"text_fr": "  "}, "Ce champ est obligatoire."),
    ],
)
def test_a_bad_report_is_refused_with_its_reason_and_nothing_stored(
    client, language, changes, message
):
    department = OrganisationFactory()
    milestone = make_milestone(make_commitment(), responsible=department)
    client.force_login(staff_with_role("department reporter", organisation=department))

    response = client.post(_staff_url(milestone, "report", language), _update(**changes))

    assert response.status_code == 400 and message in response.content.decode()
    assert not ProgressUpdate.objects.exists()
    milestone.refresh_from_db()
    assert milestone.status == "not_started"


def test_a_reporter_of_another_department_cannot_report(client):
    milestone = make_milestone(make_commitment(), responsible=OrganisationFactory())
    client.force_login(staff_with_role("department reporter", organisation=OrganisationFactory()))

    assert client.post(_staff_url(milestone, "report"), _update()).status_code == 403
    assert not ProgressUpdate.objects.exists()


def test_a_partners_assessment_is_its_own_and_leaves_the_milestone_as_reported(client):
    partner = OrganisationFactory(kind="civil_society")
    milestone = make_milestone(make_commitment())
    CommitmentActor.objects.create(
        commitment=milestone.commitment,
        organisation=partner,
        kind="civil_society",
        status="confirmed",
    )
    client.force_login(staff_with_role("forum member", organisation=partner))
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    response = client.post(
        _staff_url(milestone, "assess"),
        _update(status="delayed", percent_complete="10", reported_on=yesterday.isoformat()),
    )

    assert response.status_code == 302 and response["Location"] == milestone.get_absolute_url()
    assessment = ProgressUpdate.objects.get(milestone=milestone)
    assert (assessment.kind, assessment.organisation) == ("civil_society", partner)
    assert (assessment.status, assessment.reported_on) == ("delayed", yesterday)
    milestone.refresh_from_db()
    assert (milestone.status, milestone.percent_complete) == ("not_started", 0)

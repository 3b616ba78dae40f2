"""The staff page of a commitment's sources: for analysts and editors only; a contribution of
this consultation is linked with its response (told in the page's language), a bad one is
refused on the form with nothing stored."""

from __future__ import annotations

import pytest

from coplan.commitments.models import ContributionLink
from tests.accounts.factories import UserFactory, staff_with_role
from tests.commitments.factories import make_commitment
from tests.contributions.factories import ContributionFactory
from tests.processes.factories import OpportunityFactory

pytestmark = pytest.mark.django_db


def _url(commitment, language="en") -> str:
    return (
        f"/{language}/commitments/{commitment.process.slug}/{commitment.identifier}/staff/sources/"
    )


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (None, 302),
        ("participant", 403),
        ("moderator", 403),
        ("analyst", 200),
        ("forum member", 200),
    ],
)
def test_the_page_per_role(client, process, role, status):
    commitment = make_commitment(process)
    if role == "participant":
        client.force_login(UserFactory())
    elif role:
        client.force_login(staff_with_role(role))
    assert client.get(_url(commitment)).status_code == status


def test_a_contribution_of_this_consultation_is_linked_and_the_editor_told(client, open_ideas):
    commitment = make_commitment(open_ideas.phase.process)
    idea = ContributionFactory(opportunity=open_ideas)
    client.force_login(staff_with_role("analyst"))
    data = {
        "contribution": idea.pk,
        "relation": "primary",
        "response_en": "Used.",
        "response_fr": "Utilisée.",
    }
    response = client.post(_url(commitment, "fr"), data, follow=True)
    assert "La contribution est liée à cet engagement." in response.content.decode()
    link = ContributionLink.objects.get()
    assert (link.contribution, link.commitment, link.response_fr) == (idea, commitment, "Utilisée.")


def test_a_contribution_of_another_consultation_is_refused_on_the_form(client, open_ideas):
    commitment = make_commitment(open_ideas.phase.process)
    elsewhere = ContributionFactory(opportunity=OpportunityFactory())
    client.force_login(staff_with_role("analyst"))
    data = {
        "contribution": elsewhere.pk,
        "relation": "primary",
        "response_en": "U",
        "response_fr": "U",
    }
    response = client.post(_url(commitment), data)
    assert response.status_code == 400
    assert "No contribution with this number in this consultation." in response.content.decode()
    assert not ContributionLink.objects.exists()

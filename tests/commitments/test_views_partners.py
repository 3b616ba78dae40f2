"""Partnership pages: editors add organisations (a repeated role refused on the form); the
invited organisation sees its invitations and answers, told in its language; a made-up answer
is a 400 and changes nothing."""

from __future__ import annotations

import pytest

from coplan.commitments.models import CommitmentActor
from coplan.commitments.services import actor_add
from tests.accounts.factories import OrganisationFactory, staff_with_role
from tests.commitments.factories import make_commitment

pytestmark = pytest.mark.django_db


def _base(commitment, language="en") -> str:
    return f"/{language}/commitments/{commitment.process.slug}/{commitment.identifier}/staff/"


def test_an_editor_adds_an_organisation_once(client, process):
    commitment = make_commitment(process)
    organisation = OrganisationFactory()
    client.force_login(staff_with_role("forum member"))
    url = _base(commitment, "fr") + "partners/"
    data = {"organisation": organisation.pk, "kind": "civil_society", "role_en": "", "role_fr": ""}
    response = client.post(url, data, follow=True)
    assert "L’organisation a été ajoutée." in response.content.decode()
    assert CommitmentActor.objects.get().status == "invited"
    again = client.post(url, data)
    assert again.status_code == 400 and "a déjà ce rôle" in again.content.decode()
    assert CommitmentActor.objects.count() == 1


def test_an_analyst_does_not_manage_partners(client, process):
    client.force_login(staff_with_role("analyst"))
    assert client.get(_base(make_commitment(process)) + "partners/").status_code == 403


def test_the_invited_organisation_sees_and_answers_its_invitation(client, process):
    organisation = OrganisationFactory()
    commitment = make_commitment(process)
    actor = actor_add(commitment=commitment, organisation=organisation, kind="government")
    member = staff_with_role("department reporter", organisation=organisation)
    client.force_login(member)
    invitations = client.get(f"/en/commitments/{process.slug}/staff/invitations/")
    assert f"partners/{actor.pk}/answer/" in invitations.content.decode()
    url = _base(commitment, "fr") + f"partners/{actor.pk}/answer/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"answer": "maybe"}).status_code == 400
    actor.refresh_from_db()
    assert actor.status == "invited"
    response = client.post(url, {"answer": "confirm"}, follow=True)
    assert "Merci\xa0: votre réponse est enregistrée." in response.content.decode()
    actor.refresh_from_db()
    assert (actor.status, actor.responded_by) == ("confirmed", member)


def test_another_organisation_cannot_answer(client, process):
    actor = actor_add(
        commitment=make_commitment(process), organisation=OrganisationFactory(), kind="other"
    )
    client.force_login(staff_with_role("department reporter", organisation=OrganisationFactory()))
    url = _base(actor.commitment) + f"partners/{actor.pk}/answer/"
    assert client.post(url, {"answer": "confirm"}).status_code == 403
    actor.refresh_from_db()
    assert actor.status == "invited"

"""Partnerships: a lead named by staff is confirmed at once, a partner is invited and only a
staff member of the invited organisation answers; an answer can be changed, not repeated."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from coplan.commitments.services import actor_add, actor_respond
from tests.accounts.factories import OrganisationFactory, UserFactory, staff_with_role
from tests.commitments.factories import make_commitment

pytestmark = pytest.mark.django_db


def test_a_lead_is_confirmed_at_once_a_partner_invited(process):
    commitment = make_commitment(process)
    lead = actor_add(commitment=commitment, organisation=OrganisationFactory(), kind="lead")
    partner = actor_add(
        commitment=commitment,
        organisation=OrganisationFactory(),
        kind="civil_society",
        role_en=" Co-designs the survey.\r\n",
        role_fr="Conçoit le sondage.",
    )
    assert (lead.status, lead.position) == ("confirmed", 1)
    assert (partner.status, partner.position) == ("invited", 2)
    assert (partner.role_en, partner.role_fr) == ("Co-designs the survey.", "Conçoit le sondage.")


def test_the_same_role_twice_is_refused_in_both_languages(process):
    commitment = make_commitment(process)
    organisation = OrganisationFactory(name_en="Open North", name_fr="Nord ouvert")
    actor_add(commitment=commitment, organisation=organisation, kind="civil_society")
    with pytest.raises(ValidationError, match="Open North already has this role"):
        actor_add(commitment=commitment, organisation=organisation, kind="civil_society")
    with translation.override("fr"), pytest.raises(ValidationError, match="a déjà ce rôle"):
        actor_add(commitment=commitment, organisation=organisation, kind="civil_society")
    # Another role of the same organisation is fine.
    actor_add(commitment=commitment, organisation=organisation, kind="other")
    assert commitment.actors.count() == 2


def test_only_a_staff_member_of_the_invited_organisation_answers(process):
    organisation = OrganisationFactory()
    actor = actor_add(
        commitment=make_commitment(process), organisation=organisation, kind="government"
    )
    for outsider in (
        staff_with_role("analyst", organisation=OrganisationFactory()),
        UserFactory(organisation=organisation),
    ):
        with pytest.raises(PermissionDenied, match="Only the invited organisation"):
            actor_respond(actor=actor, user=outsider, confirm=True)
    actor.refresh_from_db()
    assert actor.status == "invited" and actor.responded_by is None
    member = staff_with_role("department reporter", organisation=organisation)
    actor_respond(actor=actor, user=member, confirm=True)
    actor.refresh_from_db()
    assert (actor.status, actor.responded_by) == ("confirmed", member)
    assert actor.responded_at is not None


def test_an_answer_can_be_changed_but_not_given_twice(process):
    organisation = OrganisationFactory()
    actor = actor_add(commitment=make_commitment(process), organisation=organisation, kind="other")
    member = staff_with_role("department reporter", organisation=organisation)
    actor_respond(actor=actor, user=member, confirm=False)
    with pytest.raises(ValidationError, match="This role is already “Declined”"):
        actor_respond(actor=actor, user=member, confirm=False)
    with translation.override("fr"), pytest.raises(ValidationError, match="Ce rôle est déjà «"):
        actor_respond(actor=actor, user=member, confirm=False)
    actor_respond(actor=actor, user=member, confirm=True)
    assert actor.status == "confirmed"

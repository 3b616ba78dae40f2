"""A commitment's status: the moves each role may make, what the template still lacks (named in
the reader's language), a withdrawal's reasons kept, and a move on a stale status refused."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from coplan.accounts.services import user_grant_role
from coplan.commitments.models import Commitment, CommitmentActor
from coplan.commitments.services import (
    allowed_transitions,
    commitment_transition,
    missing_template_fields,
)
from tests.accounts.factories import OrganisationFactory, UserFactory
from tests.commitments.factories import make_commitment, make_milestone

pytestmark = pytest.mark.django_db


def test_the_moves_each_role_may_make(process, administrator, forum_member):
    draft = make_commitment(process, status="draft")
    assert allowed_transitions(draft, administrator) == ["in_draft_plan", "proposed", "withdrawn"]
    assert allowed_transitions(draft, forum_member) == ["proposed"]
    assert allowed_transitions(draft, UserFactory()) == []
    assert allowed_transitions(make_commitment(process, status="completed"), administrator) == []


def test_an_empty_template_lists_every_part_missing_in_each_language(process):
    commitment = make_commitment(process)
    missing = [str(item) for item in missing_template_fields(commitment)]
    assert "status quo (English)" in missing and "status quo (French)" in missing
    assert "title (English)" not in missing
    assert missing[-3:] == ["start and end dates", "lead implementing organisation", "milestones"]
    with translation.override("fr"):
        french = [str(item) for item in missing_template_fields(commitment)]
    assert "dates de début et de fin" in french and "jalons" in french
    assert any(item.endswith("(Français)") for item in french)


def _complete(commitment) -> Commitment:
    for name in ("status_quo", "description", "how_it_helps", "relevance"):
        for language in ("en", "fr"):
            setattr(commitment, f"{name}_{language}", f"{name} {language}")
    commitment.ogp_values = ["civic_participation"]
    commitment.starts_on = datetime.date(2018, 9, 1)
    commitment.ends_on = datetime.date(2020, 6, 30)
    commitment.save()
    CommitmentActor.objects.create(
        commitment=commitment, organisation=OrganisationFactory(), kind="lead", status="confirmed"
    )
    make_milestone(commitment)
    return commitment


def test_a_complete_template_enters_the_draft_plan(process, administrator):
    commitment = _complete(make_commitment(process, status="draft"))
    assert missing_template_fields(commitment) == []
    commitment_transition(commitment=commitment, to_status="in_draft_plan", user=administrator)
    assert Commitment.objects.get(pk=commitment.pk).status == "in_draft_plan"


def test_an_incomplete_template_is_named_in_french(process, administrator):
    commitment = make_commitment(process, status="draft")
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        commitment_transition(commitment=commitment, to_status="in_draft_plan", user=administrator)
    assert refused.value.messages[0].startswith(
        "Le modèle n’est pas complet. Il manque encore\xa0:"
    )


def test_a_withdrawal_keeps_its_public_reasons_and_who_moved_it(process):
    organisation = OrganisationFactory()
    administrator = UserFactory(organisation=organisation)
    user_grant_role(user=administrator, role="administrator")
    commitment = make_commitment(process, status="final")
    record = commitment_transition(
        commitment=commitment,
        to_status="withdrawn",
        user=administrator,
        reason_en=" Merged into C-02. ",
        reason_fr="Fusionné avec C-02.",
    )
    assert (record.from_status, record.to_status) == ("final", "withdrawn")
    assert record.organisation_id == organisation.pk
    stored = Commitment.objects.get(pk=commitment.pk)
    assert (stored.withdrawal_reason_en, stored.withdrawal_reason_fr) == (
        "Merged into C-02.",
        "Fusionné avec C-02.",
    )
    assert commitment.status == "withdrawn"


def test_a_move_from_a_status_changed_meanwhile_is_refused(process, administrator):
    commitment = make_commitment(process, status="final")
    seen_earlier = Commitment.objects.get(pk=commitment.pk)
    commitment_transition(commitment=commitment, to_status="in_implementation", user=administrator)
    with pytest.raises(ValidationError, match="changed meanwhile"):
        commitment_transition(
            commitment=seen_earlier,
            to_status="withdrawn",
            user=administrator,
            reason_en="x",
            reason_fr="x",
        )
    assert Commitment.objects.get(pk=commitment.pk).status == "in_implementation"


def test_a_role_refused_is_told_in_french(process, forum_member):
    commitment = make_commitment(process, status="in_draft_plan")
    with translation.override("fr"), pytest.raises(PermissionDenied) as refused:
        commitment_transition(commitment=commitment, to_status="final", user=forum_member)
    assert "Votre rôle ne permet pas" in str(refused.value)
    assert "«\xa0Dans le plan provisoire\xa0»" in str(refused.value)

"""The commitment model: its own checks, its OGP values and public partners as the template
shows them, and what its status allows."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from coplan.commitments.models import Commitment, CommitmentActor
from coplan.commitments.models.commitment import ActorKind, PartnershipStatus, Status
from tests.accounts.factories import OrganisationFactory
from tests.commitments.factories import make_commitment

pytestmark = pytest.mark.django_db


def test_an_end_before_the_start_is_refused_in_both_languages(process):
    commitment = make_commitment(process)
    commitment.starts_on = datetime.date(2019, 6, 30)
    commitment.ends_on = datetime.date(2019, 1, 1)
    with pytest.raises(ValidationError) as refused:
        commitment.clean()
    assert refused.value.message_dict == {
        "ends_on": ["The end date must not be before the start date."]
    }
    with translation.override("fr"), pytest.raises(ValidationError, match="ne doit pas précéder"):
        commitment.clean()
    commitment.ends_on = commitment.starts_on
    commitment.clean()


def test_an_unknown_ogp_value_is_refused(process):
    commitment = make_commitment(process)
    commitment.ogp_values = ["civic_participation", "world_peace"]
    with pytest.raises(ValidationError, match="Unknown OGP value"):
        commitment.clean()


def test_ogp_values_are_named_in_the_standard_s_order_and_the_reader_s_language(process):
    commitment = make_commitment(process)
    commitment.ogp_values = ["civic_participation", "access_to_information"]
    assert commitment.ogp_value_labels == ["Access to information", "Civic participation"]
    with translation.override("fr"):
        labels = [str(label) for label in commitment.ogp_value_labels]
    assert labels == ["Accès à l’information", "Participation civique"]


def _actor(commitment, kind, status, position=0):
    return CommitmentActor.objects.create(
        commitment=commitment,
        organisation=OrganisationFactory(),
        kind=kind,
        status=status,
        position=position,
    )


def test_only_confirmed_partners_are_public_grouped_in_the_template_s_order(process):
    commitment = make_commitment(process)
    lead = _actor(commitment, ActorKind.LEAD, PartnershipStatus.CONFIRMED)
    civil = _actor(commitment, ActorKind.CIVIL_SOCIETY, PartnershipStatus.CONFIRMED, 1)
    government = _actor(commitment, ActorKind.GOVERNMENT, PartnershipStatus.CONFIRMED, 2)
    _actor(commitment, ActorKind.PRIVATE_SECTOR, PartnershipStatus.INVITED, 3)
    _actor(commitment, ActorKind.OTHER, PartnershipStatus.DECLINED, 4)
    commitment = Commitment.objects.get(pk=commitment.pk)
    assert commitment.lead_actors == [lead]
    assert commitment.other_actors_by_kind == [
        ("Government", [government]),
        ("Civil society", [civil]),
    ]
    assert lead.is_lead and lead.is_confirmed and not civil.is_lead
    assert str(lead) == f"{lead.organisation} (Lead implementing organisation)"


def test_partners_prefetched_by_the_selectors_are_read_without_a_query(
    process, django_assert_num_queries
):
    commitment = make_commitment(process)
    commitment.public_actors = []
    with django_assert_num_queries(0):
        assert commitment.lead_actors == [] and commitment.other_actors_by_kind == []


@pytest.mark.parametrize(
    ("status", "editable", "codrafting"),
    [
        (Status.PROPOSED, True, False),
        (Status.DRAFT, True, True),
        (Status.IN_DRAFT_PLAN, True, False),
        (Status.FINAL, False, False),
        (Status.IN_IMPLEMENTATION, False, False),
        (Status.WITHDRAWN, False, False),
    ],
)
def test_what_each_status_allows(process, status, editable, codrafting):
    commitment = make_commitment(process, status=status)
    assert (commitment.is_editable, commitment.is_codrafting) == (editable, codrafting)


def test_a_commitment_is_named_and_found_by_its_identifier(process):
    commitment = make_commitment(process, identifier="C-07")
    assert str(commitment) == "C-07 – Open data for C-07"
    assert commitment.get_absolute_url() == f"/en/commitments/{process.slug}/C-07/"

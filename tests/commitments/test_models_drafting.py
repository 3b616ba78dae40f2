"""Drafting records: an amendment shows and applies its masked text when something was masked,
and names the field it changes; versions, status changes and links name themselves."""

from __future__ import annotations

import pytest
from django.db import IntegrityError

from coplan.commitments.models import Amendment, CommitmentVersion, ContributionLink
from coplan.commitments.services import amendment_propose, commitment_transition, contribution_link
from tests.commitments.factories import make_commitment
from tests.contributions.factories import ContributionFactory

pytestmark = pytest.mark.django_db


def test_an_amendment_shows_its_masked_text_only_when_something_was_masked(process, user):
    commitment = make_commitment(process)
    plain = amendment_propose(
        commitment=commitment,
        author=user,
        field="problem",
        language="fr",
        replacement="Un meilleur énoncé.",
        reason="Plus clair.",
    )
    assert (plain.public_replacement, plain.public_reason) == ("Un meilleur énoncé.", "Plus clair.")
    assert plain.field_key == "problem_fr" and str(plain) == f"{commitment.pk}: problem_fr"
    masked = Amendment(
        replacement="SIN 046 454 286", redacted_replacement="SIN [removed]", reason="x"
    )
    assert masked.public_replacement == "SIN [removed]" and masked.public_reason == "x"


def test_a_version_number_is_taken_once_per_commitment(process):
    commitment = make_commitment(process)
    version = CommitmentVersion.objects.get(commitment=commitment)
    assert str(version) == f"{commitment.pk} v1"
    with pytest.raises(IntegrityError):
        CommitmentVersion.objects.create(commitment=commitment, number=1, data={})


def test_status_changes_and_links_name_themselves(open_ideas, administrator, analyst):
    commitment = make_commitment(open_ideas.phase.process, status="final")
    change = commitment_transition(
        commitment=commitment, to_status="in_implementation", user=administrator
    )
    assert str(change) == f"{commitment.pk}: final → in_implementation"
    idea = ContributionFactory(opportunity=open_ideas)
    link = contribution_link(
        contribution=idea,
        commitment=commitment,
        user=analyst,
        relation="primary",
        response_en="Used.",
        response_fr="Utilisée.",
    )
    assert str(link) == f"{idea.pk} → {commitment.pk}"
    assert ContributionLink.objects.get() == link

"""Where a commitment came from: a contribution of the same consultation linked with its
reasoned response in both languages, linked again to change it, never once withdrawn."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from coplan.commitments.models import ContributionLink
from coplan.commitments.services import contribution_link, contribution_unlink
from tests.commitments.factories import make_commitment
from tests.contributions.factories import ContributionFactory
from tests.processes.factories import OpportunityFactory

pytestmark = pytest.mark.django_db


def _link(contribution, commitment, user, **kwargs):
    values = {"relation": "primary", "response_en": "It became C-01.", "response_fr": "C-01."}
    return contribution_link(
        contribution=contribution, commitment=commitment, user=user, **{**values, **kwargs}
    )


def test_linking_again_changes_the_one_link(open_ideas, analyst):
    contribution = ContributionFactory(opportunity=open_ideas)
    commitment = make_commitment(open_ideas.phase.process)
    _link(contribution, commitment, analyst)
    link = _link(contribution, commitment, analyst, relation="secondary", response_fr=" Vu. ")
    assert ContributionLink.objects.get() == link
    assert (link.relation, link.response_fr, link.linked_by) == ("secondary", "Vu.", analyst)
    contribution_unlink(link=link)
    assert not ContributionLink.objects.exists()


def test_a_response_is_needed_in_both_languages(open_ideas, analyst):
    contribution = ContributionFactory(opportunity=open_ideas)
    commitment = make_commitment(open_ideas.phase.process)
    with pytest.raises(ValidationError):
        _link(contribution, commitment, analyst, response_fr="   ")
    assert not ContributionLink.objects.exists()


def test_a_contribution_of_another_consultation_is_refused(open_ideas, analyst):
    elsewhere = ContributionFactory(opportunity=OpportunityFactory())
    commitment = make_commitment(open_ideas.phase.process)
    with pytest.raises(ValidationError, match="belongs to another consultation"):
        _link(elsewhere, commitment, analyst)
    with translation.override("fr"), pytest.raises(ValidationError, match="une autre consultation"):
        _link(elsewhere, commitment, analyst)


def test_a_withdrawn_contribution_is_no_longer_linked(open_ideas, analyst):
    contribution = ContributionFactory(opportunity=open_ideas, moderation_state="withdrawn")
    commitment = make_commitment(open_ideas.phase.process)
    with pytest.raises(ValidationError, match="withdrew this contribution"):
        _link(contribution, commitment, analyst)
    assert not ContributionLink.objects.exists()

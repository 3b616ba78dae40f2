"""What plans declare to the other apps (plans/wiring.py)."""

from __future__ import annotations

import pytest

from coplan.contributions.commentable import commentable_for
from coplan.plans.models import PlanParagraph, PlanVersion
from coplan.processes.models import Opportunity
from coplan.processes.participation import participation_url
from tests.processes.factories import OpportunityFactory


def test_paragraphs_and_whole_versions_take_comments():
    assert commentable_for(PlanParagraph) is not None
    assert commentable_for(PlanVersion) is not None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "stage"),
    [(Opportunity.Kind.DRAFT_PLAN, "draft"), (Opportunity.Kind.FINAL_PLAN, "final")],
)
def test_plan_opportunities_take_part_on_the_plan_of_their_stage(kind, stage):
    opportunity = OpportunityFactory(kind=kind)
    slug = opportunity.phase.process.slug
    assert participation_url(opportunity) == f"/en/plans/{slug}/current/{stage}/"

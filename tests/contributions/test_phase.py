"""The phase a contribution is recorded in: the phase of the opportunity it answers, else the
phase its date falls in (never today's override)."""

from __future__ import annotations

import datetime

import pytest

from coplan.contributions.models import Contribution
from coplan.contributions.services import comment_submit, contributions_import_bulk
from coplan.processes import demo as processes_demo
from coplan.processes.models import Opportunity
from tests.processes.factories import OpportunityFactory


@pytest.mark.django_db
def test_a_comment_on_the_draft_plan_is_review_input_whatever_the_dates(process):
    """A comment through the Review phase's draft-plan opportunity is recorded in Review, even
    on a day another phase's dates hold (the phases of the demo overlap, and comments kept
    coming after the window)."""
    review = process.phases.get(kind="review")
    opportunity = OpportunityFactory(
        phase=review, kind=Opportunity.Kind.DRAFT_PLAN, status="open", slug="draft-plan"
    )
    comment = comment_submit(
        process=process,
        opportunity=opportunity,
        target=opportunity,
        text="Commitment 3 should name the department responsible for it.",
        consent_to_publish=True,
    )
    assert comment.phase == review


@pytest.mark.django_db
def test_imported_rows_use_their_date_not_the_current_phase_override(process):
    """Rows imported without an opportunity go to the phase their date falls in, even when
    staff have set the process's current phase by hand."""
    process.current_phase_override = process.phases.get(kind="implementation")
    process.save()
    development = process.phases.get(kind="development")
    day = datetime.datetime.combine(development.starts_on, datetime.time(12), datetime.UTC)
    contributions_import_bulk(
        rows=[{"text": "Open the budget data.", "received_at": day, "external_ref": "r1"}],
        process=process,
        channel="email",
    )
    assert Contribution.objects.get(external_ref="r1").phase == development


@pytest.mark.django_db
def test_demo_draft_plan_opportunity_is_in_review():
    """The demo's draft plan is commented in its Review phase."""
    processes_demo.load()
    opportunity = Opportunity.objects.get(
        kind=Opportunity.Kind.DRAFT_PLAN, phase__process__slug=processes_demo.SLUG
    )
    assert opportunity.phase.kind == "review"

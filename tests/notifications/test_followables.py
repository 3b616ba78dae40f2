"""Objects people may follow on their own (notifications.followables): each app registers its
model with the news it gives, the process it belongs to and what the public may see of it."""

from __future__ import annotations

import pytest

from coplan.notifications import followables
from coplan.notifications.followables import followable_for, register_followable
from coplan.processes.models import Opportunity, Process
from tests.processes.factories import OpportunityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def registered(monkeypatch):
    """A registry of the project's followables that this test may add to."""
    monkeypatch.setattr(followables, "_followables", dict(followables._followables))


def test_a_registered_model_is_found_with_what_it_declared(registered, open_ideas):
    assert followable_for(Opportunity) is None
    register_followable(
        Opportunity,
        kinds=["opportunity_closed"],
        process=lambda opportunity: opportunity.phase.process,
        visible=lambda queryset: queryset.filter(status="open"),
    )
    entry = followable_for(Opportunity)
    assert entry.model is Opportunity and entry.kinds == ("opportunity_closed",)
    assert entry.process(open_ideas) == open_ideas.phase.process
    closed = OpportunityFactory(phase=open_ideas.phase, status="closed", slug="closed")
    assert list(entry.visible(Opportunity.objects.filter(pk__in=[open_ideas.pk, closed.pk]))) == [
        open_ideas
    ]


def test_registering_again_replaces_the_entry(registered):
    register_followable(Process, kinds=("phase_opened",), process=lambda process: process)
    register_followable(Process, kinds=("report_published",), process=lambda process: process)
    entry = followable_for(Process)
    assert entry.kinds == ("report_published",) and entry.visible is None


def test_no_model_is_followable_by_default_and_none_is_no_model():
    assert followable_for(Process) is None
    assert followable_for(None) is None

"""Reads of the process pages (processes.selectors): a process with its cycle in a fixed number
of queries, each opportunity's line computed once, and an opportunity found only in its own
process."""

from __future__ import annotations

import pytest
from django.http import Http404
from django.utils import timezone

from coplan.processes.selectors import (
    opportunities_listed,
    opportunity_in_process,
    process_with_cycle,
)
from tests.processes.factories import OpportunityFactory, ProcessFactory

pytestmark = pytest.mark.django_db


def test_the_cycle_comes_with_its_phases_and_opportunities_in_three_queries(
    process, django_assert_num_queries
):
    phase = process.phases.get(kind="development")
    second = OpportunityFactory(phase=phase, slug="second", position=2)
    first = OpportunityFactory(phase=phase, slug="first", position=1)
    with django_assert_num_queries(3):
        found = process_with_cycle(process.slug)
        phases = list(found.phases.all())
        listed = [o for p in phases for o in p.opportunities.all()]
    assert [p.position for p in phases] == sorted(p.position for p in phases)
    assert listed == [first, second]
    with pytest.raises(Http404):
        process_with_cycle("no-such-process")


def test_each_opportunity_line_gets_its_address_status_and_whether_it_takes_input(process):
    phase = process.phases.get(kind="development")
    OpportunityFactory(phase=phase, slug="ideas", status="open")
    OpportunityFactory(phase=phase, slug="later", status="announced")
    cycle = process_with_cycle(process.slug)
    phases = list(cycle.phases.all())
    opportunities_listed(cycle, phases, timezone.now())
    lines = {o.slug: o for p in phases for o in p.opportunities.all()}
    for slug, opportunity in lines.items():
        assert opportunity.page_url == opportunity.get_absolute_url()
        assert opportunity.status_label == opportunity.get_status_display()
        assert opportunity.page_url.endswith(f"/{slug}/")
    assert lines["later"].accepting is False


def test_an_opportunity_is_found_only_in_its_own_process(process):
    phase = process.phases.get(kind="development")
    mine = OpportunityFactory(phase=phase, slug="ideas")
    other = ProcessFactory()
    assert opportunity_in_process(process.slug, "ideas") == mine
    with pytest.raises(Http404):
        opportunity_in_process(other.slug, "ideas")

"""Where each kind of opportunity is taken part in, and the blocks other apps add to the process
page (processes.participation): registered by the apps above, read by the process pages."""

from __future__ import annotations

import pytest

from coplan.processes import participation
from coplan.processes.participation import (
    participation_url,
    process_sections,
    register_participation,
    register_process_section,
)
from tests.processes.factories import OpportunityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_registries(monkeypatch):
    """Registries this test may change, starting empty."""
    monkeypatch.setattr(participation, "_handlers", {})
    monkeypatch.setattr(participation, "_sections", [])


def test_an_opportunity_kind_leads_to_the_page_its_app_registered(own_registries, open_ideas):
    assert participation_url(open_ideas) is None
    register_participation("ideas", lambda opportunity: f"/ideas/{opportunity.slug}/")
    assert participation_url(open_ideas) == "/ideas/ideas/"
    survey = OpportunityFactory(phase=open_ideas.phase, kind="questionnaire", slug="survey")
    assert participation_url(survey) is None


def test_sections_show_in_their_order_and_hide_when_they_have_nothing(own_registries, process):
    register_process_section(order=30, template_name="c.html", context=lambda p: {"c": p.slug})
    register_process_section(order=10, template_name="a.html", context=lambda p: {"a": 1})
    register_process_section(order=20, template_name="hidden.html", context=lambda p: None)
    assert process_sections(process) == [("a.html", {"a": 1}), ("c.html", {"c": process.slug})]


def test_the_project_registers_the_pages_of_its_opportunity_kinds(open_ideas):
    url = participation_url(open_ideas)
    assert url and url.startswith("/")

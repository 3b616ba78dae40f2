"""The `contribution_uses` tag: other apps' pages show which commitments a contribution
inspired, main sources first; nothing for no contribution."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from coplan.commitments.services import contribution_link
from coplan.commitments.templatetags.commitments import contribution_uses
from tests.commitments.factories import make_commitment
from tests.contributions.factories import ContributionFactory

pytestmark = pytest.mark.django_db


def test_the_commitments_a_contribution_inspired_main_sources_first(open_ideas, analyst):
    idea = ContributionFactory(opportunity=open_ideas)
    process = open_ideas.phase.process
    also, main = (
        make_commitment(process, identifier="C-01"),
        make_commitment(process, identifier="C-02"),
    )
    for commitment, relation in ((also, "secondary"), (main, "primary")):
        contribution_link(
            contribution=idea,
            commitment=commitment,
            user=analyst,
            relation=relation,
            response_en="Used.",
            response_fr="Utilisée.",
        )
    assert [link.commitment for link in contribution_uses(idea)] == [main, also]
    assert contribution_uses(ContributionFactory(opportunity=open_ideas)) == []
    assert contribution_uses(None) == []


def test_the_tag_in_a_template(open_ideas, analyst):
    idea = ContributionFactory(opportunity=open_ideas)
    commitment = make_commitment(open_ideas.phase.process, identifier="C-09")
    contribution_link(
        contribution=idea,
        commitment=commitment,
        user=analyst,
        relation="primary",
        response_en="Used.",
        response_fr="Utilisée.",
    )
    template = Template(
        "{% load commitments %}{% contribution_uses idea as uses %}"
        "{% for use in uses %}{{ use.commitment.identifier }}{% endfor %}"
    )
    assert template.render(Context({"idea": idea})) == "C-09"

"""The contribution model: what the public sees (the masked copy when there is one, published
contributions only), where each kind is read, and records named in the reader's language."""

from __future__ import annotations

import pytest
from django.utils import translation

from coplan.contributions.models import (
    Contribution,
    ContributorContact,
    Flag,
    ModerationState,
)
from tests.contributions.factories import ContributionFactory, comment_on

pytestmark = pytest.mark.django_db


def test_the_public_reads_the_masked_copy_when_there_is_one(open_ideas):
    idea = ContributionFactory(opportunity=open_ideas, title="Call Jean", text="At 046 454 286.")
    assert (idea.public_title, idea.public_text) == ("Call Jean", "At 046 454 286.")
    idea.redacted_title, idea.redacted_text = "Call [name]", "At [SIN removed]."
    assert (idea.public_title, idea.public_text) == ("Call [name]", "At [SIN removed].")


def test_only_published_contributions_are_public_and_each_target_has_its_own(open_ideas):
    idea, other = (
        ContributionFactory(opportunity=open_ideas),
        ContributionFactory(opportunity=open_ideas),
    )
    shown = comment_on(idea)
    comment_on(idea, state=ModerationState.PENDING)
    comment_on(other)
    assert list(Contribution.objects.for_target(idea).published()) == [shown]
    assert Contribution.objects.for_target(idea).count() == 2


def test_each_kind_is_read_on_its_own_page(open_ideas):
    idea = ContributionFactory(opportunity=open_ideas)
    comment = comment_on(idea)
    feedback = ContributionFactory(opportunity=open_ideas, kind="page_feedback")
    assert idea.get_absolute_url() == idea.public_page_url() == f"/en/participate/ideas/{idea.pk}/"
    assert comment.get_absolute_url() == ""
    assert comment.public_page_url() == f"/en/participate/contributions/{comment.pk}/"
    assert feedback.public_page_url() == ""


def test_a_contribution_is_named_by_its_title_else_its_text_start(open_ideas):
    assert (
        str(ContributionFactory(opportunity=open_ideas, title="Open contracts")) == "Open contracts"
    )
    untitled = ContributionFactory(opportunity=open_ideas, title="", text="x" * 100)
    assert str(untitled) == "x" * 60


def test_records_are_named_in_the_reader_s_language(open_ideas):
    idea = ContributionFactory(opportunity=open_ideas)
    contact = ContributorContact.objects.create(contribution=idea, name="Jean")
    flag = Flag.objects.create(contribution=idea, flagger_key="anon:1")
    assert str(contact) == f"Contact for contribution {idea.pk}"
    with translation.override("fr"):
        assert str(flag) == f"Signalement de la contribution {idea.pk}"

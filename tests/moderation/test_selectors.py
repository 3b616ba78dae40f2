"""Reads for the moderation pages: the queue's filters and order, the reported count, one
contribution with its reports and decisions."""

from __future__ import annotations

import datetime

import pytest
from django.http import Http404
from django.utils import timezone

from coplan.contributions.models import Flag
from coplan.moderation import selectors
from coplan.moderation.services import contributions_moderate
from tests.contributions.factories import ContributionFactory
from tests.processes.factories import OpportunityFactory

pytestmark = pytest.mark.django_db


def _received(days_ago: int, **kwargs):
    return ContributionFactory(
        received_at=timezone.now() - datetime.timedelta(days=days_ago), **kwargs
    )


def test_the_queue_is_first_come_first_served(open_ideas):
    newer = _received(1, opportunity=open_ideas)
    older = _received(5, opportunity=open_ideas)
    assert list(selectors.queue({})) == [older, newer]


def test_each_filter_narrows_the_queue(open_ideas):
    other = OpportunityFactory()
    pending_fr = _received(3, opportunity=open_ideas, moderation_state="pending", language="fr")
    published_en = _received(2, opportunity=open_ideas)
    elsewhere = _received(1, opportunity=other, moderation_state="pending")
    assert list(selectors.queue({"state": "pending"})) == [pending_fr, elsewhere]
    assert list(selectors.queue({"language": "fr"})) == [pending_fr]
    assert list(selectors.queue({"process": other.phase.process})) == [elsewhere]
    assert list(selectors.queue({"opportunity": open_ideas})) == [pending_fr, published_en]
    assert list(selectors.queue({"state": "pending", "kind": "comment"})) == []
    # Empty values filter nothing.
    assert selectors.queue({"state": "", "language": None}).count() == 3


def test_flagged_puts_the_most_reported_first(open_ideas):
    _received(9, opportunity=open_ideas)
    once = _received(5, opportunity=open_ideas, flag_count=1)
    thrice = _received(1, opportunity=open_ideas, flag_count=3)
    assert list(selectors.queue({"flagged": True})) == [thrice, once]


def test_reported_count_is_published_contributions_with_open_reports(open_ideas):
    ContributionFactory(opportunity=open_ideas, flag_count=2)
    ContributionFactory(opportunity=open_ideas, flag_count=1, moderation_state="hidden")
    ContributionFactory(opportunity=open_ideas, flag_count=0)
    assert selectors.reported_count() == 1


def test_one_contribution_with_its_reports_newest_first_and_decisions(open_ideas, moderator):
    item = ContributionFactory(opportunity=open_ideas, moderation_state="pending")
    first = Flag.objects.create(contribution=item, flagger_key="anon:1")
    second = Flag.objects.create(contribution=item, flagger_key="anon:2")
    Flag.objects.filter(pk=first.pk).update(created_at=timezone.now() - datetime.timedelta(hours=1))
    contributions_moderate(contribution_ids=[item.pk], action="approve", moderator=moderator)
    found = selectors.contribution_for_moderation(item.pk)
    assert [flag.pk for flag in found.flags.all()] == [second.pk, first.pk]
    assert [d.moderator for d in found.moderation_decisions.all()] == [moderator]
    assert list(selectors.decisions_log()) == list(found.moderation_decisions.all())
    with pytest.raises(Http404):
        selectors.contribution_for_moderation(item.pk + 1000)

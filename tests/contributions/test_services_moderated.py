"""What moderation decisions change on contributions: an idea's discussion count recounted from
its published comments and replies, and the reports of a contribution marked as dealt with."""

from __future__ import annotations

import pytest

from coplan.contributions.models import Contribution, Flag
from coplan.contributions.services.moderated import discussion_counts_refresh, flags_resolve
from tests.contributions.factories import ContributionFactory, comment_on

pytestmark = pytest.mark.django_db


def test_an_idea_s_discussion_is_recounted_from_what_is_published(open_ideas):
    idea, quiet = (
        ContributionFactory(opportunity=open_ideas),
        ContributionFactory(opportunity=open_ideas),
    )
    comment = comment_on(idea)
    comment_on(idea, parent=comment)
    comment_on(idea, state="pending")
    comment_on(idea, state="hidden")
    Contribution.objects.filter(pk__in=[idea.pk, quiet.pk]).update(comment_count=7)
    discussion_counts_refresh(target_ids=[idea.pk, quiet.pk, idea.pk])
    counts = dict(
        Contribution.objects.filter(pk__in=[idea.pk, quiet.pk]).values_list("pk", "comment_count")
    )
    assert counts == {idea.pk: 2, quiet.pk: 0}


def test_nothing_to_recount_changes_nothing(open_ideas):
    idea = ContributionFactory(opportunity=open_ideas)
    Contribution.objects.filter(pk=idea.pk).update(comment_count=3)
    discussion_counts_refresh(target_ids=[])
    assert Contribution.objects.get(pk=idea.pk).comment_count == 3


def test_open_reports_are_resolved_and_the_count_reset(open_ideas):
    reported, other = (
        ContributionFactory(opportunity=open_ideas),
        ContributionFactory(opportunity=open_ideas),
    )
    for key in ("anon:1", "anon:2"):
        Flag.objects.create(contribution=reported, flagger_key=key)
    Flag.objects.create(contribution=other, flagger_key="anon:1")
    Contribution.objects.filter(pk__in=[reported.pk, other.pk]).update(flag_count=2)
    assert flags_resolve(contribution_ids=[reported.pk]) == 2
    assert flags_resolve(contribution_ids=[reported.pk]) == 0
    assert Contribution.objects.get(pk=reported.pk).flag_count == 0
    assert Contribution.objects.get(pk=other.pk).flag_count == 2
    assert Flag.objects.filter(resolved_at__isnull=True).get().contribution == other

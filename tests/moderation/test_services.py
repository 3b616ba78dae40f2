"""Moderation decisions: as data, all or nothing in bulk, each one logged."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from coplan.contributions.models import Contribution, Flag, ModerationState
from coplan.moderation.models import Decision
from coplan.moderation.services import contributions_moderate
from tests.contributions.factories import ContributionFactory, comment_on

pytestmark = pytest.mark.django_db


class TestDecisions:
    def test_bulk_approve_logs_each_and_counts_comments(self, open_ideas, moderator):
        idea = ContributionFactory(opportunity=open_ideas)
        comments = [comment_on(idea, state=ModerationState.PENDING) for _ in range(3)]
        count = contributions_moderate(
            contribution_ids=[c.pk for c in comments], action="approve", moderator=moderator
        )
        assert count == 3
        assert Contribution.objects.filter(moderation_state="published").count() == 4
        assert Decision.objects.filter(action="approve", moderator=moderator).count() == 3
        idea.refresh_from_db()
        assert idea.comment_count == 3

    def test_a_past_decision_is_logged_with_its_time_never_a_future_one(
        self, open_ideas, moderator
    ):
        """Recording a past consultation's log (the demo's 4th plan): the append-only log takes
        the decision with its real time; a time to come is refused and nothing changes."""
        pending = ContributionFactory(opportunity=open_ideas, moderation_state="pending")
        later = timezone.now() + datetime.timedelta(minutes=5)
        with pytest.raises(ValidationError, match="future"):
            contributions_moderate(
                contribution_ids=[pending.pk],
                action="approve",
                moderator=moderator,
                decided_at=later,
            )
        assert not Decision.objects.exists()
        pending.refresh_from_db()
        assert pending.moderation_state == "pending" and pending.moderated_at is None
        then = datetime.datetime(2018, 1, 9, 14, tzinfo=datetime.UTC)
        contributions_moderate(
            contribution_ids=[pending.pk], action="approve", moderator=moderator, decided_at=then
        )
        pending.refresh_from_db()
        assert Decision.objects.get().decided_at == then == pending.moderated_at

    def test_reject_and_hide_need_a_reason(self, open_ideas, moderator, reason):
        pending = ContributionFactory(opportunity=open_ideas, moderation_state="pending")
        with pytest.raises(ValidationError, match="rule of participation"):
            contributions_moderate(
                contribution_ids=[pending.pk], action="reject", moderator=moderator
            )
        contributions_moderate(
            contribution_ids=[pending.pk], action="reject", moderator=moderator, reason=reason
        )
        decision = Decision.objects.get()
        assert (decision.from_state, decision.to_state, decision.reason) == (
            "pending",
            "rejected",
            reason,
        )

    def test_not_allowed_transition_changes_nothing(self, open_ideas, moderator, reason):
        pending = ContributionFactory(opportunity=open_ideas, moderation_state="pending")
        published = ContributionFactory(opportunity=open_ideas)
        with pytest.raises(ValidationError, match="cannot go from"):
            contributions_moderate(
                contribution_ids=[pending.pk, published.pk],
                action="approve",
                moderator=moderator,
            )
        pending.refresh_from_db()
        assert pending.moderation_state == "pending"
        assert Decision.objects.count() == 0
        withdrawn = ContributionFactory(opportunity=open_ideas, moderation_state="withdrawn")
        with pytest.raises(ValidationError):
            contributions_moderate(
                contribution_ids=[withdrawn.pk], action="approve", moderator=moderator
            )

    def test_hide_later_with_reason_resolves_flags_and_recounts(
        self, open_ideas, moderator, reason
    ):
        idea = ContributionFactory(opportunity=open_ideas)
        comment = comment_on(idea)
        Contribution.objects.filter(pk=idea.pk).update(comment_count=1)
        Flag.objects.create(contribution=comment, flagger_key="anon:1")
        Contribution.objects.filter(pk=comment.pk).update(flag_count=1)
        contributions_moderate(
            contribution_ids=[comment.pk], action="hide", moderator=moderator, reason=reason
        )
        comment.refresh_from_db()
        idea.refresh_from_db()
        assert comment.moderation_state == "hidden" and comment.flag_count == 0
        assert idea.comment_count == 0
        assert Flag.objects.get().resolved_at is not None
        contributions_moderate(contribution_ids=[comment.pk], action="restore", moderator=moderator)
        idea.refresh_from_db()
        assert idea.comment_count == 1

    def test_bad_requests(self, moderator):
        with pytest.raises(ValidationError, match="at least one"):
            contributions_moderate(contribution_ids=[], action="approve", moderator=moderator)
        with pytest.raises(ValidationError, match="no longer exist"):
            contributions_moderate(contribution_ids=[999], action="approve", moderator=moderator)
        with pytest.raises(ValidationError, match="Unknown"):
            contributions_moderate(contribution_ids=[1], action="delete", moderator=moderator)

"""Taking part: ideas only on an open call (told why in both languages), comments and replies on
the same page, page feedback stored without its query string, flags and supports once per
person, withdrawal only while waiting for moderation."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from coplan.contributions.models import Contribution, Flag
from coplan.contributions.services import (
    comment_submit,
    contribution_flag,
    contribution_withdraw,
    idea_submit,
    page_feedback_submit,
)
from coplan.processes.models import Opportunity
from tests.contributions.factories import ContributionFactory, comment_on

pytestmark = pytest.mark.django_db


def _idea(opportunity, **kwargs):
    values = {"title": "Open contracts", "text": "Publish them.", "consent_to_publish": True}
    return idea_submit(opportunity=opportunity, **{**values, **kwargs})


def test_an_idea_on_an_open_call_waits_for_moderation(open_ideas):
    idea = _idea(open_ideas)
    assert (idea.kind, idea.moderation_state, idea.provenance) == (
        "idea",
        "pending",
        {"form": "idea"},
    )


def test_a_closed_or_not_yet_open_call_says_which_in_both_languages(open_ideas):
    Opportunity.objects.filter(pk=open_ideas.pk).update(status="closed")
    open_ideas.refresh_from_db()
    with pytest.raises(ValidationError, match="is closed"):
        _idea(open_ideas)
    later = timezone.now() + datetime.timedelta(days=2)
    Opportunity.objects.filter(pk=open_ideas.pk).update(status="open", opens_at=later)
    open_ideas.refresh_from_db()
    with translation.override("fr"), pytest.raises(ValidationError, match="pas encore ouverte"):
        _idea(open_ideas)
    assert not Contribution.objects.exists()


def test_an_anonymous_idea_needs_a_call_that_allows_it(open_ideas, user):
    Opportunity.objects.filter(pk=open_ideas.pk).update(allows_anonymous=False)
    open_ideas.refresh_from_db()
    with pytest.raises(ValidationError, match="sign in"):
        _idea(open_ideas)
    assert _idea(open_ideas, author=user).author == user


def test_a_reply_belongs_to_the_page_of_its_comment(open_ideas):
    idea, other = (
        ContributionFactory(opportunity=open_ideas),
        ContributionFactory(opportunity=open_ideas),
    )
    comment = comment_on(idea)
    values = {
        "process": open_ideas.phase.process,
        "opportunity": open_ideas,
        "consent_to_publish": True,
    }
    reply = comment_submit(target=idea, parent=comment, text="Agreed.", **values)
    assert (reply.kind, reply.parent, reply.target_id) == ("reply", comment, idea.pk)
    with translation.override("fr"), pytest.raises(ValidationError, match="une autre page"):
        comment_submit(target=other, parent=comment, text="Oui.", **values)
    assert comment_submit(target=other, text="First.", **values).kind == "comment"


def test_page_feedback_keeps_the_page_without_its_query_string(process):
    feedback = page_feedback_submit(
        process=process, page_url="/en/?token=secret#top", useful=False, text="Too long."
    )
    assert (feedback.page_url, feedback.page_useful, feedback.consent_to_publish) == (
        "/en/",
        False,
        False,
    )
    assert feedback.provenance == {"form": "page_feedback"}


def test_a_flag_is_counted_once_per_person_on_published_items_only(open_ideas):
    idea = ContributionFactory(opportunity=open_ideas)
    assert contribution_flag(contribution=idea, flagger_key="anon:1", note=" Spam\r\n")
    assert not contribution_flag(contribution=idea, flagger_key="anon:1")
    assert contribution_flag(contribution=idea, flagger_key="anon:2")
    assert Contribution.objects.get(pk=idea.pk).flag_count == 2
    assert Flag.objects.get(flagger_key="anon:1").note == "Spam"
    pending = ContributionFactory(opportunity=open_ideas, moderation_state="pending")
    with pytest.raises(ValidationError, match="Only published contributions can be flagged"):
        contribution_flag(contribution=pending, flagger_key="anon:1")


def test_only_a_contribution_waiting_for_moderation_is_withdrawn(open_ideas):
    pending = ContributionFactory(opportunity=open_ideas, moderation_state="pending")
    assert contribution_withdraw(contribution=pending).moderation_state == "withdrawn"
    stored = Contribution.objects.get(pk=pending.pk)
    assert stored.moderation_state == "withdrawn" and stored.moderated_at is not None
    with (
        translation.override("fr"),
        pytest.raises(ValidationError, match="en attente de modération"),
    ):
        contribution_withdraw(contribution=ContributionFactory(opportunity=open_ideas))

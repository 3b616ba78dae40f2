"""Reads shared by the forum pages: which forum serves a process, members current and past,
published meetings only for the public, how regularly the forum meets, and which voices have a
reasoned response (a campaign counted once)."""

from __future__ import annotations

import datetime

import pytest
from django.http import Http404
from django.utils import timezone

from coplan.analysis.models import ContributionAssessment, Disposition
from coplan.forum import selectors, services
from coplan.forum.models import SIX_MONTHS
from tests.contributions.factories import ContributionFactory
from tests.forum.helpers import DAY, _meeting, _member
from tests.processes.factories import ProcessFactory

pytestmark = pytest.mark.django_db


def test_a_process_is_served_by_its_own_forum_else_the_standing_one(forum):
    alone = ProcessFactory()
    assert selectors.forum_for_process(alone) is None
    standing = services.forum_create(slug="standing", name_en="S", name_fr="S", process=None)
    assert selectors.forum_for_process(forum.process) == forum
    assert selectors.forum_for_process(alone) == standing


def test_an_unknown_process_slug_is_not_found(process):
    assert selectors.process_by_slug(process.slug) == process
    with pytest.raises(Http404):
        selectors.process_by_slug("nope")


def test_members_co_chairs_first_then_by_name_current_apart_from_past(forum):
    zoe = _member(forum, "zoe", n=1)
    alice = _member(forum, "Alice", n=2)
    chair = _member(forum, "Yann", n=3)
    services.member_update(member=chair, role="co_chair")
    gone = _member(forum, "Bob", n=4)
    services.member_term_end(member=gone, on=DAY + datetime.timedelta(days=10))
    listed = selectors.members(forum, today=DAY + datetime.timedelta(days=11))
    assert listed == {"current": [chair, alice, zoe], "past": [gone]}
    assert selectors.members(forum, today=DAY)["past"] == []


def test_the_public_sees_published_meetings_only(forum):
    published = _meeting(forum)
    planned = _meeting(forum, publish=False)
    assert list(selectors.public_meetings(forum)) == [published]
    assert selectors.meeting_detail(forum, planned.pk, public=False) == planned
    with pytest.raises(Http404):
        selectors.meeting_detail(forum, planned.pk, public=True)
    with pytest.raises(Http404):
        selectors.meeting_detail(forum, 999_999, public=False)


def test_the_forum_is_overdue_six_months_after_its_last_published_minutes(forum):
    never = selectors.meeting_regularity(forum)
    assert (never.last_held, never.overdue, never.days_since) == (None, True, None)
    meeting = _meeting(forum, days_ago=10)
    _meeting(forum, days_ago=2, publish=False)
    now = timezone.now()
    recent = selectors.meeting_regularity(forum, now)
    assert recent.last_held == meeting.held_at
    assert (recent.overdue, recent.days_since) == (False, 10)
    later = selectors.meeting_regularity(
        forum, meeting.held_at + SIX_MONTHS + datetime.timedelta(days=1)
    )
    assert later.overdue


def test_published_lessons_in_the_order_of_the_cycle(forum):
    process = forum.process
    services.lesson_add(process=process, lesson_en="First", lesson_fr="Premier")
    assert list(selectors.published_lessons(process)) == []
    services.lessons_publish(process=process)
    assert [lesson.lesson_en for lesson in selectors.published_lessons(process)] == ["First"]


def test_phase_of_kind(process):
    phases = list(process.phases.all())
    assert selectors.phase_of_kind(phases, "review").kind == "review"
    assert selectors.phase_of_kind(phases, "nonsense") is None


def _answer(contribution, disposition, response_fr="Réponse."):
    ContributionAssessment.objects.create(
        contribution=contribution, disposition=disposition, response_fr=response_fr
    )


def test_coverage_counts_a_campaign_once_and_answered_if_any_of_it_is(open_ideas):
    disposition = Disposition.objects.create(code="in-plan", name_en="In", name_fr="Dans")
    answered = ContributionFactory(opportunity=open_ideas)
    _answer(answered, disposition)
    unanswered = ContributionFactory(opportunity=open_ideas)
    campaign = [
        ContributionFactory(opportunity=open_ideas, duplicate_group="letter") for _ in range(3)
    ]
    _answer(campaign[1], disposition)
    # A disposition without a response in any language is not an answer.
    _answer(unanswered, disposition, response_fr="")
    ContributionFactory(opportunity=open_ideas, moderation_state="pending")
    totals = selectors.coverage(open_ideas.phase.process)["totals"]
    assert totals == {
        "contributions": 5,
        "contributions_answered": 2,
        "voices": 3,
        "voices_answered": 2,
        "contributions_percent": 40,
        "voices_percent": 67,
    }


def test_lacking_response_lists_each_unanswered_voice_once(open_ideas):
    disposition = Disposition.objects.create(code="in-plan", name_en="In", name_fr="Dans")
    lone = ContributionFactory(opportunity=open_ideas)
    first_of_open_campaign = ContributionFactory(opportunity=open_ideas, duplicate_group="a")
    ContributionFactory(opportunity=open_ideas, duplicate_group="a")
    answered_campaign = [
        ContributionFactory(opportunity=open_ideas, duplicate_group="b") for _ in range(2)
    ]
    _answer(answered_campaign[0], disposition)
    lacking = list(selectors.lacking_response(open_ideas.phase.process))
    assert lacking == [lone, first_of_open_campaign]

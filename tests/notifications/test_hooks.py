"""Announcements made from the records other apps keep (notifications.hooks): a session to come,
a plan version published, progress reported; each once, in both languages, and none for what
is past, still waiting for moderation, or only saved again."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from coplan.contributions.models import ModerationState
from coplan.notifications.models import Announcement
from tests.commitments.factories import make_commitment, make_milestone
from tests.contributions.factories import ContributionFactory
from tests.events.factories import EventFactory
from tests.notifications.helpers import _report
from tests.plans.factories import published_final, published_review

pytestmark = pytest.mark.django_db


def test_a_session_to_come_is_announced_once_in_both_languages():
    event = EventFactory(title_en="Data clinic", title_fr="Clinique des données")
    event.title_en = "Data clinic (moved)"
    event.save()
    announcement = Announcement.objects.get(kind="event_announced")
    assert announcement.key == f"event_announced:{event.pk}"
    assert (announcement.title_en, announcement.title_fr) == ("Data clinic", "Clinique des données")
    assert announcement.process == event.opportunity.phase.process


def test_past_sessions_and_proposals_waiting_for_moderation_are_not_announced(open_ideas):
    now = timezone.now()
    EventFactory(starts_at=now - datetime.timedelta(days=1))
    proposal = ContributionFactory(opportunity=open_ideas, moderation_state=ModerationState.PENDING)
    EventFactory(proposal=proposal)
    assert not Announcement.objects.filter(kind="event_announced").exists()


def test_publishing_the_draft_then_the_final_plan_announces_each(process):
    review = published_review(process)
    final = published_final(review)
    kinds = dict(Announcement.objects.values_list("kind", "key"))
    assert kinds == {
        "draft_plan_published": f"draft_plan_published:{review.pk}",
        "final_plan_published": f"final_plan_published:{final.pk}",
    }
    announcement = Announcement.objects.get(kind="final_plan_published")
    assert (announcement.title_en, announcement.title_fr) == (final.title_en, final.title_fr)


def test_progress_on_a_commitment_is_announced_with_its_identifier(process):
    commitment = make_commitment(process, identifier="C-03")
    update = _report(make_milestone(commitment), text_fr="Inventaire publié.")
    announcement = Announcement.objects.get(kind="commitment_progress")
    assert announcement.key == f"commitment_progress:{update.pk}"
    assert announcement.title_en.startswith("C-03 – ")
    assert announcement.title_fr == f"C-03 – {commitment.title_fr}"
    assert (announcement.body_en, announcement.body_fr) == (
        "Inventory published.",
        "Inventaire publié.",
    )
    assert announcement.target_id == commitment.pk

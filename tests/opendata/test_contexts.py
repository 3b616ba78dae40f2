"""What each contribution answered, as the contributions table describes it (opendata.contexts):
an idea by its masked title and only while it is public, other objects named in both languages
and linked, only those the public may see, and the public addresses the table gives."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType

from coplan.contributions.models import Contribution, ModerationState
from coplan.opendata.contexts import Contexts, address_around_key, process_address, site_url
from coplan.plans.models import PlanVersion
from tests.contributions.factories import ContributionFactory
from tests.plans.factories import draft_version, published_review
from tests.processes.factories import ProcessFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(settings):
    settings.COPLAN_SITE_URL = "https://coplan.example.ca/"


def test_addresses_are_absolute_and_in_the_language_asked(process):
    before, after = address_around_key("fr")
    assert before.startswith("https://coplan.example.ca/fr/") and after.endswith("/")
    assert (
        process_address(process, "en") == f"https://coplan.example.ca/en/processes/{process.slug}/"
    )
    assert site_url("") == ""


def test_an_idea_is_described_by_its_masked_title_and_only_while_public(open_ideas):
    idea = ContributionFactory(
        opportunity=open_ideas, title="Call Jane", redacted_title="Call [name]"
    )
    untitled = ContributionFactory(opportunity=open_ideas, title="", text="x" * 200)
    pending = ContributionFactory(opportunity=open_ideas, moderation_state=ModerationState.PENDING)
    type_id = ContentType.objects.get_for_model(Contribution).pk
    contexts = Contexts()
    contexts.fetch({type_id: {idea.pk, untitled.pk, pending.pk}})
    kind, english, french, url = contexts.get(type_id, idea.pk)
    assert (kind, english, french) == ("idea", "Call [name]", "Call [name]")
    assert url.startswith("https://coplan.example.ca/en/") and str(idea.pk) in url
    assert contexts.get(type_id, untitled.pk)[1] == "x" * 120
    assert contexts.get(type_id, pending.pk) is None
    assert contexts.get(None, idea.pk) is None and contexts.get(type_id, None) is None


def test_other_objects_are_named_in_both_languages_and_drafts_left_out(process):
    review = published_review(process)
    draft = draft_version(ProcessFactory())
    type_id = ContentType.objects.get_for_model(PlanVersion).pk
    contexts = Contexts()
    contexts.fetch({type_id: {review.pk, draft.pk}})
    kind, english, french, url = contexts.get(type_id, review.pk)
    assert kind == "plan_version" and english.endswith("version 1") and french.endswith("1")
    assert url == f"https://coplan.example.ca/en/plans/{process.slug}/v1/"
    assert contexts.get(type_id, draft.pk) is None

"""Supporting an idea from its page: counted once per person and said so in the page's
language, back to a page of this site only; an idea the public cannot see is not found; under
the email rule, opening the link changes nothing and pressing its button counts once."""

from __future__ import annotations

import pytest
from django.core import signing

from coplan.contributions import confirmation, voice
from coplan.contributions.models import Contribution
from coplan.processes.models import Opportunity
from tests.contributions.factories import ContributionFactory

pytestmark = pytest.mark.django_db


def _support(client, idea, language="en", **data):
    return client.post(f"/{language}/participate/ideas/{idea.pk}/support/", data, follow=True)


def test_a_support_counts_once_per_person_in_the_page_s_language(client, open_ideas):
    idea = ContributionFactory(opportunity=open_ideas)
    first = _support(client, idea, "fr")
    assert "Merci\xa0: votre appui est compté." in first.content.decode()
    again = _support(client, idea, "fr")
    assert "Vous appuyez déjà cette idée\xa0:" in again.content.decode()
    assert Contribution.objects.get(pk=idea.pk).support_count == 1


def test_the_return_address_stays_on_this_site(client, open_ideas):
    idea = ContributionFactory(opportunity=open_ideas)
    response = client.post(
        f"/en/participate/ideas/{idea.pk}/support/", {"next": "https://evil.example/"}
    )
    assert response["Location"] == idea.get_absolute_url()


def test_an_idea_the_public_cannot_see_is_not_found(client, open_ideas):
    pending = ContributionFactory(opportunity=open_ideas, moderation_state="pending")
    assert client.post(f"/en/participate/ideas/{pending.pk}/support/").status_code == 404
    assert client.get(f"/en/participate/ideas/{pending.pk}/support/").status_code == 405


def test_opening_a_confirmation_link_changes_nothing_its_button_counts(client, open_ideas):
    Opportunity.objects.filter(pk=open_ideas.pk).update(voice_rule="confirmed_email")
    open_ideas.refresh_from_db()
    idea = ContributionFactory(opportunity=open_ideas)
    support = voice.support_request(idea=idea, email="jean@example.org", language="en")
    token = confirmation.token(voice.KIND, support)
    url = f"/en/participate/ideas/{idea.pk}/support/confirm/{token}/"
    assert client.get(url).status_code == 200
    assert Contribution.objects.get(pk=idea.pk).support_count == 0
    assert client.post(url).status_code == 302
    assert Contribution.objects.get(pk=idea.pk).support_count == 1
    forged = signing.TimestampSigner(salt="other").sign_object([support.pk])
    assert (
        client.post(f"/en/participate/ideas/{idea.pk}/support/confirm/{forged}/").status_code == 400
    )

from __future__ import annotations

import re

import pytest

from coplan.contributions.models import Contribution, Support
from tests.contributions.factories import ContributionFactory
from tests.contributions.helpers import idea_post

pytestmark = pytest.mark.django_db


class TestPageCache:
    def test_strangers_get_cached_pages_dropped_by_decisions(
        self, client, open_ideas, ideas_url, moderator, django_capture_on_commit_callbacks
    ):
        from coplan.moderation.services import contributions_moderate

        pending = ContributionFactory(
            opportunity=open_ideas, title="Soon", moderation_state="pending"
        )
        assert "Soon" not in client.get(ideas_url).content.decode()
        assert client.get(ideas_url)["X-Page-Cache"] == "hit"
        with django_capture_on_commit_callbacks(execute=True):
            contributions_moderate(
                contribution_ids=[pending.pk], action="approve", moderator=moderator
            )
        response = client.get(ideas_url)
        assert "Soon" in response.content.decode() and "X-Page-Cache" not in response

    def test_a_visitor_who_sent_an_idea_gets_the_cached_page_with_their_own_pending_idea(
        self, client, open_ideas, ideas_url
    ):
        from django.test import Client

        ContributionFactory(opportunity=open_ideas, title="Everyone's idea")
        idea_post(client, ideas_url, title="Only mine so far")
        client.get(ideas_url)  # the redirect's thank-you message is shown (never cached)
        for _ in range(2):
            response = client.get(ideas_url)
            html = response.content.decode()
            assert "Your ideas waiting for moderation" in html and "Only mine so far" in html
            assert "Everyone&#x27;s idea" in html or "Everyone's idea" in html
            assert "<!--coplan:personal" not in html
        assert response["X-Page-Cache"] == "hit"
        stranger = Client().get(ideas_url)
        assert stranger["X-Page-Cache"] == "hit"
        assert "Only mine so far" not in stranger.content.decode()
        assert "Your ideas waiting for moderation" not in stranger.content.decode()

    def test_signed_in_participants_have_their_own_cached_copy(
        self, client, user, open_ideas, ideas_url
    ):
        from django.test import Client

        assert "Sign in" in Client().get(ideas_url).content.decode()
        client.force_login(user)
        client.get(ideas_url)
        response = client.get(ideas_url)
        assert response["X-Page-Cache"] == "hit"
        assert "My account" in response.content.decode()
        assert "Sign in" in Client().get(ideas_url).content.decode()

    def test_staff_are_never_served_from_the_cache(self, client, moderator, open_ideas, ideas_url):
        client.force_login(moderator)
        client.get(ideas_url)
        assert "X-Page-Cache" not in client.get(ideas_url)

    def test_support_state_is_each_visitors_own_on_a_cached_idea_page(self, client, open_ideas):
        from django.test import Client

        idea = ContributionFactory(opportunity=open_ideas, moderation_state="published")
        url = f"/en/participate/ideas/{idea.pk}/"
        Client().get(url)  # a stranger fills the cache
        client.get(url)
        client.post(f"/en/participate/ideas/{idea.pk}/support/")
        client.get(url)  # shows the thank-you message
        response = client.get(url)
        assert response["X-Page-Cache"] == "hit"
        assert "You support this idea." in response.content.decode()
        other = Client().get(url)
        assert other["X-Page-Cache"] == "hit"
        assert "You support this idea." not in other.content.decode()
        assert "Support this idea" in other.content.decode()

    def test_the_support_form_of_a_cached_idea_page_posts_with_the_visitors_own_token(
        self, open_ideas
    ):
        from django.test import Client

        idea = ContributionFactory(opportunity=open_ideas, moderation_state="published")
        url = f"/en/participate/ideas/{idea.pk}/"
        Client().get(url)
        for _ in range(2):  # each visitor, on a cache hit, posts with their own token
            visitor = Client(enforce_csrf_checks=True)
            page = visitor.get(url)
            assert page["X-Page-Cache"] == "hit"
            tokens = set(
                re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
            )
            assert tokens and "__COPLAN_CSRF__" not in page.content.decode()
            response = visitor.post(
                f"/en/participate/ideas/{idea.pk}/support/", {"csrfmiddlewaretoken": tokens.pop()}
            )
            assert response.status_code == 302
        assert Support.objects.filter(contribution=idea).count() == 2

    def test_an_own_pending_idea_page_is_never_cached_for_others(
        self, client, open_ideas, ideas_url
    ):
        from django.test import Client

        idea_post(client, ideas_url, title="Not yet public")
        idea = Contribution.objects.get(title="Not yet public")
        url = f"/en/participate/ideas/{idea.pk}/"
        client.get(url)
        assert "Only you can see this idea" in client.get(url).content.decode()
        assert Client().get(url).status_code == 404

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache

from coplan.contributions.models import Contribution, Kind
from coplan.moderation.services import contributions_moderate
from coplan.processes.models import Opportunity
from tests.accounts.factories import staff_with_role
from tests.contributions.conftest import form_token
from tests.contributions.factories import ContributionFactory, comment_on
from tests.processes.factories import OpportunityFactory, ProcessFactory

pytestmark = pytest.mark.django_db


class TestComments:
    def comment_url(self, target) -> str:
        content_type = ContentType.objects.get_for_model(target)
        return f"/en/participate/comment/{content_type.pk}/{target.pk}/"

    def post_comment(self, client, target, **overrides):
        html = client.get(target.get_absolute_url()).content.decode()
        data = {
            "form_token": form_token(html),
            "text": "I agree with this.",
            "consent_to_publish": "on",
            "next": target.get_absolute_url(),
            **overrides,
        }
        return client.post(self.comment_url(target), data)

    def test_comment_and_reply_are_pending_then_shown(
        self, client, open_ideas, django_capture_on_commit_callbacks
    ):
        idea = ContributionFactory(opportunity=open_ideas)
        response = self.post_comment(client, idea)
        assert response.status_code == 302 and response["Location"].endswith("#comments")
        comment = Contribution.objects.get(kind=Kind.COMMENT)
        assert comment.moderation_state == "pending" and comment.target == idea
        moderator = staff_with_role("moderator")
        with django_capture_on_commit_callbacks(execute=True):
            contributions_moderate(
                contribution_ids=[comment.pk], action="approve", moderator=moderator
            )
        html = client.get(idea.get_absolute_url()).content.decode()
        assert "I agree with this." in html and "Reply" in html
        response = self.post_comment(client, idea, parent=str(comment.pk), text="A reply")
        assert response.status_code == 302
        reply = Contribution.objects.get(kind=Kind.REPLY)
        assert reply.parent == comment and reply.target == idea

    def test_reply_page_works_without_javascript(self, client, open_ideas):
        idea = ContributionFactory(opportunity=open_ideas)
        comment = comment_on(idea)
        content_type = ContentType.objects.get_for_model(idea)
        url = f"/en/participate/reply/{content_type.pk}/{idea.pk}/{comment.pk}/"
        html = client.get(url).content.decode()
        assert "Reply to a comment" in html and f'name="parent" value="{comment.pk}"' in html

    def test_forged_targets_are_404(self, client, open_ideas):
        idea = ContributionFactory(opportunity=open_ideas)
        pending_idea = ContributionFactory(opportunity=open_ideas, moderation_state="pending")
        process_type = ContentType.objects.get_for_model(ProcessFactory())
        for url in (
            self.comment_url(pending_idea),
            f"/en/participate/comment/{process_type.pk}/1/",
            "/en/participate/comment/99999/1/",
        ):
            assert client.post(url, {"text": "x"}).status_code == 404
        hidden = comment_on(idea, state="hidden")
        response = self.post_comment(client, idea, parent=str(hidden.pk))
        assert response.status_code == 404
        reply = comment_on(idea, parent=comment_on(idea))
        assert self.post_comment(client, idea, parent=str(reply.pk)).status_code == 404
        other_idea = ContributionFactory(opportunity=open_ideas)
        foreign = comment_on(other_idea)
        assert self.post_comment(client, idea, parent=str(foreign.pk)).status_code == 404
        assert Contribution.objects.filter(kind__in=["comment", "reply"]).count() == 4

    def test_closed_opportunity_refuses_comments_with_a_message(self, client, open_ideas):
        idea = ContributionFactory(opportunity=open_ideas)
        html = client.get(idea.get_absolute_url()).content.decode()
        token = form_token(html)
        Opportunity.objects.filter(pk=open_ideas.pk).update(status="closed")
        response = client.post(
            self.comment_url(idea),
            {"form_token": token, "text": "late", "consent_to_publish": "on"},
        )
        assert response.status_code == 403
        assert "Comments are closed" in response.content.decode()
        # A page cached while it was open lives at most PAGE_CACHE_SECONDS; the refusal
        # above is what protects the corpus. Once it expires, the page says so too.
        cache.clear()
        assert "Comments are closed." in client.get(idea.get_absolute_url()).content.decode()

    def test_sensitive_comment_warns_first(self, client, open_ideas):
        idea = ContributionFactory(opportunity=open_ideas)
        response = self.post_comment(client, idea, text="Email me: me@example.org")
        assert response.status_code == 200
        assert "an email address" in response.content.decode()
        assert not Contribution.objects.filter(kind=Kind.COMMENT).exists()

    def test_bad_comment_input(self, client, open_ideas):
        idea = ContributionFactory(opportunity=open_ideas)
        response = self.post_comment(client, idea, text="x" * 5001)
        assert response.status_code == 400
        assert "Please keep this under 5000 characters" in response.content.decode()
        response = self.post_comment(client, idea, parent="abc")
        assert response.status_code == 404
        assert not Contribution.objects.filter(kind=Kind.COMMENT).exists()

    def test_general_feedback_opportunity_page(self, client, process):
        feedback = OpportunityFactory(
            phase=process.phases.first(), kind="feedback", slug="feedback"
        )
        url = f"/en/participate/{process.slug}/feedback/feedback/"
        html = client.get(url).content.decode()
        assert "0 comments" in html and "Add a comment" in html
        opportunity_page = f"/en/processes/{process.slug}/take-part/feedback/"
        assert f'href="{url}"' in client.get(opportunity_page).content.decode()
        response = client.post(
            self.comment_url(feedback),
            {
                "form_token": form_token(html),
                "text": "Great consultation",
                "consent_to_publish": "on",
                "next": url,
            },
        )
        assert response.status_code == 302
        assert Contribution.objects.get().target == feedback

"""Taking part on the web: ideas, supports, comments, flags, page feedback, one's own items."""

from __future__ import annotations

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from coplan.contributions.models import Contribution, ContributorContact, Flag, Kind, Support
from coplan.contributions.selectors import COMMENTS_PER_PAGE
from coplan.contributions.views.common import public_address
from coplan.moderation.services import contributions_moderate
from coplan.processes.models import Opportunity
from tests.accounts.factories import staff_with_role
from tests.contributions.conftest import form_token
from tests.contributions.factories import ContributionFactory, comment_on
from tests.contributions.helpers import idea_post
from tests.processes.factories import OpportunityFactory, ProcessFactory

pytestmark = pytest.mark.django_db


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


class TestIdeaList:
    def test_only_published_ideas_in_three_orders(self, client, open_ideas, ideas_url):
        old = ContributionFactory(opportunity=open_ideas, title="Old", support_count=9)
        new = ContributionFactory(opportunity=open_ideas, title="New", comment_count=5)
        ContributionFactory(opportunity=open_ideas, title="Secret", moderation_state="pending")
        Contribution.objects.filter(pk=old.pk).update(
            received_at=old.received_at.replace(year=2017)
        )
        html = client.get(ideas_url).content.decode()
        assert "Secret" not in html and "2 published ideas" in html
        assert html.index(">New<") < html.index(">Old<")
        html = client.get(ideas_url + "?order=supported").content.decode()
        assert html.index(">Old<") < html.index(">New<")
        html = client.get(ideas_url + "?order=discussed").content.decode()
        assert html.index(">New<") < html.index(">Old<")
        # A bad order or page number falls back, never a 500.
        assert client.get(ideas_url + "?order=drop&page=zzz").status_code == 200
        assert new.pk

    def test_paginated_with_constant_query_count(self, client, open_ideas, ideas_url):
        ContributionFactory.create_batch(3, opportunity=open_ideas)
        small = queries_for(client, ideas_url)
        ContributionFactory.create_batch(60, opportunity=open_ideas)
        large = queries_for(client, ideas_url + "?page=2&order=supported")
        assert large == small
        assert "Page 2 of 4" in client.get(ideas_url + "?page=2").content.decode()

    def test_other_kind_of_opportunity_or_process_is_404(self, client, open_ideas):
        other = ProcessFactory()
        url = f"/en/participate/{other.slug}/{open_ideas.slug}/ideas/"
        assert client.get(url).status_code == 404
        questionnaire = OpportunityFactory(phase=open_ideas.phase, kind="questionnaire")
        process = open_ideas.phase.process
        url = f"/en/participate/{process.slug}/{questionnaire.slug}/ideas/"
        assert client.get(url).status_code == 404

    def test_opportunity_page_take_part_leads_to_the_list(self, client, open_ideas, ideas_url):
        process = open_ideas.phase.process
        html = client.get(f"/en/processes/{process.slug}/take-part/ideas/").content.decode()
        assert f'href="{ideas_url}"' in html

    def test_closed_list_says_so_and_offers_no_form(self, client, open_ideas, ideas_url):
        Opportunity.objects.filter(pk=open_ideas.pk).update(status="closed")
        html = client.get(ideas_url).content.decode()
        assert "This opportunity is closed" in html and "Submit an idea" not in html


class TestIdeaSubmission:
    def test_anonymous_idea_is_pending_and_visible_to_its_author_only(
        self, client, open_ideas, ideas_url
    ):
        response = idea_post(client, ideas_url, name="Jane", email="jane@example.org")
        assert response.status_code == 302
        idea = Contribution.objects.get()
        assert idea.moderation_state == "pending" and idea.author is None
        assert ContributorContact.objects.get(contribution=idea).email == "jane@example.org"
        html = client.get(response["Location"]).content.decode()
        assert "Only you can see this idea for now" in html and "Pending moderation" in html
        assert "waiting for moderation" in html
        assert "Your ideas waiting for moderation" in client.get(ideas_url).content.decode()
        assert "Open contracts" in client.get("/en/participate/mine/").content.decode()
        # Nobody else sees it.
        client.cookies.clear()
        assert client.get(response["Location"]).status_code == 404

    def test_signed_in_author_is_recorded(self, client, user, open_ideas, ideas_url):
        client.force_login(user)
        idea_post(client, ideas_url)
        assert Contribution.objects.get().author == user

    def test_sign_in_required_when_anonymous_not_allowed(self, client, open_ideas, ideas_url):
        Opportunity.objects.filter(pk=open_ideas.pk).update(allows_anonymous=False)
        html = client.get(ideas_url + "new/").content.decode()
        assert "Please sign in to take part" in html
        response = client.post(ideas_url + "new/", {"title": "x", "text": "y"})
        assert response.status_code == 403 and Contribution.objects.count() == 0

    @pytest.mark.parametrize("status", ["closed", "announced"])
    def test_closed_or_not_yet_open_refuses_with_a_message(
        self, client, open_ideas, ideas_url, status
    ):
        Opportunity.objects.filter(pk=open_ideas.pk).update(status=status)
        client.cookies.load({})
        response = client.post(ideas_url + "new/", {"title": "x", "text": "y"})
        assert response.status_code == 403
        message = "is closed" if status == "closed" else "is not open yet"
        assert message in response.content.decode()
        assert Contribution.objects.count() == 0

    def test_sensitive_information_warning_then_edit(self, client, open_ideas, ideas_url):
        response = idea_post(client, ideas_url, text="My SIN is 046 454 286.")
        html = response.content.decode()
        assert response.status_code == 200
        assert "Your text may contain sensitive information" in html
        assert "a Social Insurance Number" in html and '<mark class="pii"' in html
        assert Contribution.objects.count() == 0
        token = form_token(html)
        response = client.post(
            ideas_url + "new/",
            {"form_token": token, "title": "Open", "text": "My idea.", "consent_to_publish": "on"},
        )
        assert response.status_code == 302
        assert Contribution.objects.get().text == "My idea."

    def test_sensitive_information_sent_anyway_is_redacted(self, client, open_ideas, ideas_url):
        response = idea_post(
            client, ideas_url, text="Call me at 613-957-7154", confirm_sensitive="1"
        )
        assert response.status_code == 302
        assert Contribution.objects.get().public_text == "Call me at [phone number removed]"

    def test_replayed_form_is_stored_once(self, client, open_ideas, ideas_url):
        token = form_token(client.get(ideas_url + "new/").content.decode())
        data = {"form_token": token, "title": "T", "text": "Same", "consent_to_publish": "on"}
        first = client.post(ideas_url + "new/", data)
        second = client.post(ideas_url + "new/", data)
        assert first["Location"] == second["Location"]
        assert Contribution.objects.count() == 1

    def test_forged_or_missing_token_is_refused(self, client, open_ideas, ideas_url):
        for token in ("forged", ""):
            response = client.post(
                ideas_url + "new/",
                {"form_token": token, "title": "T", "text": "x", "consent_to_publish": "on"},
            )
            assert response.status_code == 400
        assert "This form has expired" in response.content.decode() or "required" in (
            response.content.decode()
        )
        assert Contribution.objects.count() == 0

    def test_honeypot_rejects_bots(self, client, open_ideas, ideas_url):
        response = idea_post(client, ideas_url, website="http://spam.example")
        assert response.status_code == 400
        assert "looked automated" in response.content.decode()
        assert Contribution.objects.count() == 0

    @pytest.mark.parametrize(
        "field, value, message",
        [
            ("text", "", "This field is required"),
            ("text", "   ", "This field cannot be empty"),
            ("text", "x" * 10_001, "Please keep this under 10000 characters"),
            # Refused before the form by the NUL-byte middleware, in the page's language.
            ("text", "a\x00b", "(a null character)"),
            ("title", "t" * 201, "at most 200 characters"),
            ("consent_to_publish", "", "Please agree"),
            ("email", "nope", "Enter a valid email address"),
        ],
    )
    def test_bad_input_gets_a_message_and_stores_nothing(
        self, client, open_ideas, ideas_url, field, value, message
    ):
        response = idea_post(client, ideas_url, **{field: value})
        assert response.status_code == 400
        assert message in response.content.decode()
        assert Contribution.objects.count() == 0

    def test_invalid_utf8_is_not_a_500(self, client, open_ideas, ideas_url):
        token = form_token(client.get(ideas_url + "new/").content.decode())
        body = f"form_token={token}&title=ok&consent_to_publish=on&text=%FF%FE%ED%A0%80".encode()
        response = client.post(
            ideas_url + "new/", body, content_type="application/x-www-form-urlencoded"
        )
        assert response.status_code in (302, 400)

    def test_french_messages(self, client, open_ideas):
        process = open_ideas.phase.process
        url = f"/fr/participate/{process.slug}/ideas/ideas/"
        response = idea_post(client, url, text="   ")
        assert "Ce champ ne peut pas être vide" in response.content.decode()


class TestIdeaPage:
    def test_published_idea_is_escaped_with_safe_links(self, client, open_ideas):
        idea = ContributionFactory(
            opportunity=open_ideas,
            title="<b>bold</b>",
            text="<script>alert(1)</script> see https://open.canada.ca/data",
        )
        html = client.get(idea.get_absolute_url()).content.decode()
        assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
        assert "&lt;b&gt;bold&lt;/b&gt;" in html
        assert 'rel="nofollow ugc"' in html

    def test_redacted_text_is_what_the_public_sees(self, client, open_ideas):
        idea = ContributionFactory(
            opportunity=open_ideas,
            text="SIN 046 454 286",
            redacted_text="SIN [SIN removed]",
        )
        html = client.get(idea.get_absolute_url()).content.decode()
        assert "046 454 286" not in html and "[SIN removed]" in html

    def test_constant_queries_with_many_comments(self, client, open_ideas):
        idea = ContributionFactory(opportunity=open_ideas)
        for _ in range(3):
            comment_on(idea, parent=comment_on(idea))
        small = queries_for(client, idea.get_absolute_url())
        for _ in range(60):
            comment_on(idea, parent=comment_on(idea))
        large = queries_for(client, idea.get_absolute_url() + "?comments_page=2")
        assert large == small

    def test_a_link_to_a_comment_opens_the_page_of_the_thread_that_shows_it(
        self, client, open_ideas
    ):
        idea = ContributionFactory(opportunity=open_ideas)
        comments = [comment_on(idea) for _ in range(COMMENTS_PER_PAGE + 1)]
        first, last = comments[0], comments[-1]
        reply = comment_on(idea, parent=last)
        url = idea.get_absolute_url()
        assert public_address(first) == f"{url}#comment-{first.pk}"
        assert public_address(last) == f"{url}?comments_page=2#comment-{last.pk}"
        assert public_address(reply) == f"{url}?comments_page=2#comment-{reply.pk}"
        second_page = client.get(f"{url}?comments_page=2").content.decode()
        assert f'id="comment-{last.pk}"' in second_page
        assert f'id="comment-{reply.pk}"' in second_page
        assert f'id="comment-{first.pk}"' not in second_page
        first_page = client.get(url).content.decode()
        assert f'id="comment-{first.pk}"' in first_page and "Page 1 of 2" in first_page

    def test_unknown_or_rejected_idea_is_404(self, client, open_ideas):
        rejected = ContributionFactory(opportunity=open_ideas, moderation_state="rejected")
        assert client.get(rejected.get_absolute_url()).status_code == 404
        assert client.get("/en/participate/ideas/999999/").status_code == 404


class TestSupport:
    def test_once_per_person(self, client, open_ideas):
        idea = ContributionFactory(opportunity=open_ideas)
        url = f"/en/participate/ideas/{idea.pk}/support/"
        assert client.post(url).status_code == 302
        assert client.post(url).status_code == 302
        idea.refresh_from_db()
        assert idea.support_count == 1 == Support.objects.count()
        assert "You support this idea" in client.get(idea.get_absolute_url()).content.decode()
        assert client.get(url).status_code == 405


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


class TestFlags:
    def test_flag_once_per_person(self, client, open_ideas):
        idea = ContributionFactory(opportunity=open_ideas)
        url = f"/en/participate/contributions/{idea.pk}/flag/"
        for _ in range(2):
            token = form_token(client.get(url).content.decode())
            response = client.post(url, {"form_token": token, "note": "Advertising"})
            assert response.status_code == 302
        assert Flag.objects.count() == 1
        pending = ContributionFactory(opportunity=open_ideas, moderation_state="pending")
        assert client.get(f"/en/participate/contributions/{pending.pk}/flag/").status_code == 404


class TestPageFeedback:
    def test_on_every_page_and_stored_with_the_address(self, client, process):
        html = client.get("/fr/").content.decode()
        assert "Donnez-nous votre avis sur cette page" in html
        token = form_token(html, prefix="feedback")
        response = client.post(
            "/fr/participate/page-feedback/",
            {
                "feedback-form_token": token,
                "feedback-page": f"/fr/processes/{process.slug}/",
                "feedback-useful": "no",
                "feedback-comment": "Je ne trouve pas le questionnaire.",
            },
        )
        assert response.status_code == 302
        assert response["Location"] == f"/fr/processes/{process.slug}/"
        feedback = Contribution.objects.get()
        assert feedback.kind == Kind.PAGE_FEEDBACK and feedback.page_useful is False
        assert feedback.page_url == f"/fr/processes/{process.slug}/"
        assert feedback.process == process and feedback.language == "fr"

    def test_personal_information_is_warned_then_masked(self, client, process):
        """A comment holding a phone number first gets the sensitive-information warning and
        stores nothing; sent as it is, it is stored with the number masked."""
        token = form_token(client.get("/en/").content.decode(), prefix="feedback")
        data = {
            "feedback-form_token": token,
            "feedback-page": f"/en/processes/{process.slug}/",
            "feedback-useful": "no",
            "feedback-comment": "Call me at 613-555-0147 about the broken link.",
        }
        warned = client.post("/en/participate/page-feedback/", data)
        assert warned.status_code == 200
        assert "Your text may contain sensitive information" in warned.content.decode()
        assert Contribution.objects.count() == 0
        sent = client.post("/en/participate/page-feedback/", {**data, "confirm_sensitive": "1"})
        assert sent.status_code == 302
        feedback = Contribution.objects.get()
        assert feedback.public_text == "Call me at [phone number removed] about the broken link."

    @pytest.mark.parametrize(
        "page, useful, comment",
        [
            ("https://evil.example/", "yes", ""),
            ("//evil.example/", "yes", ""),
            ("/en/", "", ""),
            ("/en/", "maybe", ""),
        ],
    )
    def test_bad_feedback_is_refused(self, client, process, page, useful, comment):
        token = form_token(client.get("/en/").content.decode(), prefix="feedback")
        response = client.post(
            "/en/participate/page-feedback/",
            {
                "feedback-form_token": token,
                "feedback-page": page,
                "feedback-useful": useful,
                "feedback-comment": comment,
            },
        )
        assert response.status_code == 400
        assert Contribution.objects.count() == 0


class TestAbuse:
    @override_settings(
        COPLAN_RATE_LIMITS={
            "public_write": "3/60",
            "public_write_account": "3/60",
            "sign_in": "10/300",
        }
    )
    def test_rate_limit_gives_a_translated_429(self, client, open_ideas):
        idea = ContributionFactory(opportunity=open_ideas)
        url = f"/fr/participate/ideas/{idea.pk}/support/"
        statuses = [client.post(url).status_code for _ in range(5)]
        assert statuses[:3] == [302, 302, 302] and statuses[3:] == [429, 429]
        response = client.post(url)
        assert response.status_code == 429
        assert 'lang="fr"' in response.content.decode()

    @override_settings(
        COPLAN_RATE_LIMITS={
            "public_write": "0/60",
            "public_write_account": "0/60",
            "sign_in": "10/300",
        }
    )
    def test_every_public_write_is_rate_limited(self, client, open_ideas, ideas_url):
        idea = ContributionFactory(opportunity=open_ideas)
        content_type = ContentType.objects.get_for_model(idea)
        for url in (
            ideas_url + "new/",
            f"/en/participate/ideas/{idea.pk}/support/",
            f"/en/participate/contributions/{idea.pk}/flag/",
            f"/en/participate/comment/{content_type.pk}/{idea.pk}/",
            "/en/participate/page-feedback/",
            f"/en/participate/mine/{idea.pk}/withdraw/",
        ):
            assert client.post(url, {"text": "x"}).status_code == 429, url
        assert Contribution.objects.count() == 1

    def test_contact_details_never_on_public_pages(self, client, open_ideas):
        idea = ContributionFactory(opportunity=open_ideas)
        ContributorContact.objects.create(contribution=idea, name="Jane Q", email="jq@example.org")
        html = client.get(idea.get_absolute_url()).content.decode()
        process = open_ideas.phase.process
        html += client.get(f"/en/participate/{process.slug}/ideas/ideas/").content.decode()
        assert "Jane Q" not in html and "jq@example.org" not in html


class TestMine:
    def test_withdraw_own_pending(self, client, open_ideas, ideas_url):
        idea_post(client, ideas_url)
        idea = Contribution.objects.get()
        response = client.post(f"/en/participate/mine/{idea.pk}/withdraw/")
        assert response.status_code == 302
        idea.refresh_from_db()
        assert idea.moderation_state == "withdrawn"

    def test_cannot_withdraw_someone_elses(self, client, open_ideas):
        other = ContributionFactory(opportunity=open_ideas, moderation_state="pending")
        assert client.post(f"/en/participate/mine/{other.pk}/withdraw/").status_code == 404

    def test_mine_page_lists_states(self, client, user, open_ideas):
        ContributionFactory(
            opportunity=open_ideas, author=user, title="Mine", moderation_state="rejected"
        )
        client.force_login(user)
        html = client.get("/en/participate/mine/").content.decode()
        assert "Mine" in html and "Rejected" in html
        assert re.search(r"state--rejected", html)


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


def test_same_cached_form_token_from_two_visitors_stores_both(open_ideas, ideas_url):
    """A page served from the page cache gives every stranger the same form token: the
    idempotency key is bound to each visitor's CSRF secret, so nobody's idea is lost."""
    from django.test import Client

    first, second = Client(), Client()
    token = form_token(first.get(ideas_url + "new/").content.decode())
    second.get(ideas_url + "new/")
    for client, title in ((first, "From the first"), (second, "From the second")):
        data = {"form_token": token, "title": title, "text": "Text", "consent_to_publish": "on"}
        assert client.post(ideas_url + "new/", data).status_code == 302
    assert set(Contribution.objects.values_list("title", flat=True)) == {
        "From the first",
        "From the second",
    }


@pytest.mark.django_db
def test_a_flood_of_supports_drops_the_cached_pages_once_per_delay(
    open_ideas, monkeypatch, django_capture_on_commit_callbacks
):
    """Every support used to empty everyone's page cache. Now a burst drops it once per
    SUPPORT_COUNT_DELAY: strangers keep their cached copy meanwhile, the count catches up
    after the delay, and each supporter sees the fresh count at once."""
    from django.core.cache import cache
    from django.test import Client

    from coplan.core import pageversions

    # Every process reads the version afresh: what another web process would see.
    monkeypatch.setattr(pageversions, "VERSION_MEMO_SECONDS", 0)
    idea = ContributionFactory(opportunity=open_ideas, moderation_state="published")
    url = idea.get_absolute_url()
    stranger = Client()

    def support() -> object:
        with django_capture_on_commit_callbacks(execute=True):
            return Client().post(f"{url}support/", follow=True)

    stranger.get(url)
    assert stranger.get(url)["X-Page-Cache"] == "hit"
    first = support()
    assert "X-Page-Cache" not in stranger.get(url)
    assert stranger.get(url)["X-Page-Cache"] == "hit"
    thanked = [first, support(), support()]
    # Each supporter's thank-you page is rendered afresh, with the count as it stands.
    for count, response in enumerate(thanked, start=1):
        assert "X-Page-Cache" not in response
        assert response.context["idea"].support_count == count
    # The two supports within the delay left the strangers' copy alone.
    assert stranger.get(url)["X-Page-Cache"] == "hit"
    # Once the delay is over (its key expired), the next support drops it again.
    cache.delete(f"pagecache:soon:supports:idea-{idea.pk}")
    support()
    response = stranger.get(url)
    assert "X-Page-Cache" not in response
    assert response.context["idea"].support_count == 4


@pytest.mark.django_db
def test_the_forms_privacy_notice_shows_a_staff_edit_at_once(client, open_ideas, settings):
    """The forms' markup is kept per process (templatetags/contributions.py); the notice's
    consultation texts are part of its key, so an edit is never hidden by a kept copy."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    settings.COPLAN_PAGE_CACHE = False
    idea = ContributionFactory(opportunity=open_ideas)
    process = open_ideas.phase.process
    html = client.get(idea.get_absolute_url()).content.decode()
    assert process.privacy_purpose_en in html
    process.privacy_purpose_en = "To write the next plan with you."
    process.save()
    html = client.get(idea.get_absolute_url()).content.decode()
    assert "To write the next plan with you." in html
    french = client.get(idea.get_absolute_url().replace("/en/", "/fr/", 1)).content.decode()
    assert process.privacy_purpose_fr in french

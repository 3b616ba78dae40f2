from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coplan.contributions.models import Contribution, ContributorContact
from coplan.contributions.selectors import COMMENTS_PER_PAGE
from coplan.contributions.views.common import public_address
from coplan.processes.models import Opportunity
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

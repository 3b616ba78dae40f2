"""Taking part on the web: ideas, supports, comments, flags, page feedback, one's own items."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import override_settings

from coplan.contributions.models import Contribution, ContributorContact, Kind, Support
from tests.contributions.conftest import form_token
from tests.contributions.factories import ContributionFactory

pytestmark = pytest.mark.django_db


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

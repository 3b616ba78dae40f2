"""One voice per person for idea supports: the opportunity's voice rule (open, account, confirmed
email), the confirmation link and every way a link can be bad."""

from __future__ import annotations

import re
import time
from unittest import mock

import pytest
from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.test import Client

from coplan.contributions import voice
from coplan.contributions.models import Support
from coplan.privacy.registry import registry
from coplan.privacy.services import address_key
from coplan.processes.models import Opportunity

from .factories import ContributionFactory

pytestmark = pytest.mark.django_db
VoiceRule = Opportunity.VoiceRule


def _rule(opportunity: Opportunity, rule: str) -> None:
    Opportunity.objects.filter(pk=opportunity.pk).update(voice_rule=rule)
    opportunity.refresh_from_db()


def _support_url(idea, language: str = "en") -> str:
    return f"/{language}/participate/ideas/{idea.pk}/support/"


def _link(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


@pytest.fixture
def email_idea(open_ideas, django_capture_on_commit_callbacks):
    _rule(open_ideas, VoiceRule.CONFIRMED_EMAIL)
    return ContributionFactory(opportunity=open_ideas)


def _request(client, idea, email, capture, language="en"):
    with capture(execute=True):
        return client.post(_support_url(idea, language), {"email": email})


class TestOpenAndAccount:
    def test_open_counts_one_per_browser_session(self, open_ideas):
        """Open (the default): each browser session counts once, confirmed at once."""
        idea = ContributionFactory(opportunity=open_ideas)
        client = Client()
        client.post(_support_url(idea))
        client.post(_support_url(idea))
        idea.refresh_from_db()
        assert idea.support_count == 1
        assert Support.objects.get().confirmed_at is not None

    def test_account_rule_refuses_visitors_and_counts_one_per_account(self, open_ideas, user):
        """Account: a visitor is told to sign in and nothing is stored; an account counts once
        whatever its sessions."""
        _rule(open_ideas, VoiceRule.ACCOUNT)
        idea = ContributionFactory(opportunity=open_ideas)
        response = Client().post(_support_url(idea), follow=True)
        assert "Please sign in to support this idea." in response.content.decode()
        assert Support.objects.count() == 0
        for _ in range(2):
            client = Client()
            client.force_login(user)
            client.post(_support_url(idea))
        idea.refresh_from_db()
        assert idea.support_count == 1 == Support.objects.count()

    def test_account_rule_page_offers_sign_in_instead_of_the_button(self, open_ideas):
        """Under the account rule a visitor sees a sign-in link, not a button that would fail."""
        _rule(open_ideas, VoiceRule.ACCOUNT)
        idea = ContributionFactory(opportunity=open_ideas)
        html = Client().get(idea.get_absolute_url()).content.decode()
        assert "Please sign in to support this idea" in html
        assert 'action="' + _support_url(idea) not in html


class TestConfirmedEmail:
    def test_clearing_cookies_adds_nothing_and_only_confirmed_supports_count(
        self, email_idea, django_capture_on_commit_callbacks
    ):
        """Three cookie-less sessions with one address: one email each time, nothing counted
        until the link is followed, then one support; the address is erased on confirmation."""
        for _ in range(3):
            response = _request(
                Client(), email_idea, " Person@Example.org", django_capture_on_commit_callbacks
            )
            assert response.status_code == 302
        email_idea.refresh_from_db()
        assert email_idea.support_count == 0
        assert len(mail.outbox) == 3
        support = Support.objects.get()
        assert support.confirmed_at is None and support.email == "person@example.org"
        assert support.supporter_key == "email:" + address_key("person@example.org")
        # Only the newest link works: each new request replaces the earlier one.
        assert Client().get(_link(mail.outbox[0])).status_code == 400
        assert Client().post(_link(mail.outbox[0])).status_code == 400
        # Opening the link (as a mail scanner does) shows a button and counts nothing.
        page = Client().get(_link(mail.outbox[-1]))
        assert page.status_code == 200 and "Confirm my support" in page.content.decode()
        email_idea.refresh_from_db()
        assert email_idea.support_count == 0
        response = Client().post(_link(mail.outbox[-1]), follow=True)
        assert "your support is confirmed and counted" in response.content.decode()
        email_idea.refresh_from_db()
        assert email_idea.support_count == 1
        support.refresh_from_db()
        assert support.confirmed_at is not None and support.email == "" == support.language
        page = Client().get(email_idea.get_absolute_url()).content.decode()
        assert "1 support confirmed by email" in page
        # Confirmed: asking again sends nothing and counts nothing.
        _request(Client(), email_idea, "person@example.org", django_capture_on_commit_callbacks)
        assert len(mail.outbox) == 3
        email_idea.refresh_from_db()
        assert email_idea.support_count == 1

    def test_the_email_is_in_the_visitors_language_and_links_to_their_pages(
        self, email_idea, django_capture_on_commit_callbacks
    ):
        """A French visitor gets a French message whose link is a French page."""
        _request(Client(), email_idea, "a@example.org", django_capture_on_commit_callbacks, "fr")
        message = mail.outbox[0]
        assert "Confirmez votre appui" in message.subject
        assert _link(message).startswith("/fr/")
        assert message.to == ["a@example.org"]

    def test_a_one_click_support_is_refused_under_the_email_rule(self, email_idea):
        """Without an address nothing is stored: the visitor is told what to do (400)."""
        response = Client().post(_support_url(email_idea))
        assert response.status_code == 400
        assert "valid email address" in response.content.decode()
        assert Support.objects.count() == 0

    def test_a_bad_address_is_refused_in_the_page_language(self, email_idea):
        """An invalid address: a translated message, a 400, nothing stored, nothing sent."""
        response = Client().post(_support_url(email_idea, "fr"), {"email": "pas-une-adresse"})
        assert response.status_code == 400
        assert "Entrez une adresse courriel valide." in response.content.decode()
        assert Support.objects.count() == 0 and not mail.outbox

    def test_the_page_asks_for_an_address(self, email_idea):
        html = Client().get(email_idea.get_absolute_url()).content.decode()
        assert 'type="email" name="email"' in html


class TestBadLinks:
    @pytest.fixture
    def pending(self, email_idea, django_capture_on_commit_callbacks):
        _request(Client(), email_idea, "p@example.org", django_capture_on_commit_callbacks)
        return Support.objects.get()

    def _assert_nothing_counted(self, pending):
        pending.refresh_from_db()
        assert pending.confirmed_at is None
        pending.contribution.refresh_from_db()
        assert pending.contribution.support_count == 0

    def test_forged_link(self, pending):
        """A token not signed by us: 400 with a clear message, nothing counted."""
        url = f"/en/participate/ideas/{pending.contribution_id}/support/confirm/forged:abc/"
        for response in (Client().get(url), Client().post(url)):
            assert response.status_code == 400
            assert "This confirmation link is not valid." in response.content.decode()
        self._assert_nothing_counted(pending)

    def test_replayed_link(self, pending):
        """A link used twice: the second time says so (400) and counts nothing more."""
        url = _link(mail.outbox[0])
        assert Client().post(url).status_code == 302
        response = Client().post(url)
        assert response.status_code == 400
        assert "already been used" in response.content.decode()
        response = Client().get(url)
        assert response.status_code == 400
        assert "already been used" in response.content.decode()
        pending.contribution.refresh_from_db()
        assert pending.contribution.support_count == 1

    def test_expired_link(self, pending):
        """A link older than its lifetime: 400, nothing counted."""
        url = _link(mail.outbox[0])
        later = time.time() + voice.CONFIRMATION_MAX_AGE + 60
        with mock.patch("django.core.signing.time.time", return_value=later):
            response = Client().post(url)
        assert response.status_code == 400
        assert "has expired" in response.content.decode()
        self._assert_nothing_counted(pending)

    def test_link_for_another_idea(self, pending, open_ideas):
        """A genuine token on another idea's address: 400, neither idea changes."""
        other = ContributionFactory(opportunity=open_ideas)
        token = _link(mail.outbox[0]).rstrip("/").rsplit("/", 1)[1]
        response = Client().post(f"/en/participate/ideas/{other.pk}/support/confirm/{token}/")
        assert response.status_code == 400
        assert "another idea" in response.content.decode()
        other.refresh_from_db()
        assert other.support_count == 0
        self._assert_nothing_counted(pending)

    def test_link_for_another_opportunity(self, pending, open_ideas):
        """A token signed for the same support but another opportunity: refused."""
        token = signing.TimestampSigner(salt=voice.CONFIRMATION_SALT).sign_object(
            [
                pending.pk,
                pending.contribution_id,
                open_ideas.pk + 1000,
                pending.created_at.timestamp(),
            ]
        )
        with pytest.raises(ValidationError, match="no longer valid"):
            voice.support_confirm(idea_pk=pending.contribution_id, token=token)
        self._assert_nothing_counted(pending)

    def test_link_after_the_call_closed(self, pending, open_ideas):
        """Confirming after the opportunity closed counts nothing (400)."""
        Opportunity.objects.filter(pk=open_ideas.pk).update(status="closed")
        response = Client().post(_link(mail.outbox[0]))
        assert response.status_code == 400
        self._assert_nothing_counted(pending)


def test_confirmation_addresses_are_in_the_privacy_registry():
    """The address waiting for confirmation is personal: registered, found by email, erased."""
    entry = next(item for item in registry.entries() if item.model is Support)
    assert "email" in entry.fields and entry.subject_email == "email"

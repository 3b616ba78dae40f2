"""One voice per person for one-answer questionnaires: the opportunity's voice rule (confirmed
email, account), the confirmation link (shared with idea supports) and every way it can be bad."""

from __future__ import annotations

import time
from unittest import mock

import pytest
from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.test import Client

from coplan.contributions import confirmation
from coplan.contributions.models import Channel, Contribution
from coplan.privacy.registry import registry
from coplan.privacy.services import address_key
from coplan.processes.models import Opportunity
from coplan.surveys import services, voice
from coplan.surveys.models import Answer, Response, ResultTally
from tests.accounts.factories import UserFactory
from tests.surveys.factories import question, questionnaire_with_every_kind
from tests.surveys.helpers import _answer, _link, _results, form_data, full_answers

pytestmark = pytest.mark.django_db
VoiceRule = Opportunity.VoiceRule


def _rule(questionnaire, rule: str) -> None:
    Opportunity.objects.filter(pk=questionnaire.opportunity_id).update(voice_rule=rule)
    questionnaire.opportunity.refresh_from_db()


@pytest.fixture
def by_email(db):
    questionnaire = questionnaire_with_every_kind()
    _rule(questionnaire, VoiceRule.CONFIRMED_EMAIL)
    return questionnaire


class TestConfirmedEmail:
    def test_answers_count_only_once_confirmed_and_only_by_post(
        self, by_email, django_capture_on_commit_callbacks
    ):
        """Sent: stored but not counted, nothing published, the address gets a link. Opening
        the link shows a button and counts nothing; pressing it counts the answers once, turns
        the written answers into contributions and erases the address."""
        client = Client()
        response = _answer(
            client, by_email, " Person@Example.org", django_capture_on_commit_callbacks
        )
        assert response.status_code == 302
        assert response["Location"].endswith(f"/questionnaires/{by_email.pk}/check-your-email/")
        page = client.get(response["Location"]).content.decode()
        assert "we sent a confirmation link to your email address" in page
        stored = Response.objects.get()
        assert stored.confirmed_at is None and stored.email == "person@example.org"
        assert stored.respondent_key == "email:" + address_key("person@example.org")
        assert not ResultTally.objects.exists()
        assert not Contribution.objects.filter(channel=Channel.QUESTIONNAIRE).exists()
        assert Answer.objects.filter(response=stored).exclude(pending_text="").count() == 2
        results = _results(client, by_email)
        assert "0 responses in all." in results
        assert "1 more response is waiting for its confirmation and is not counted." in results

        (message,) = mail.outbox
        assert message.to == ["person@example.org"] and "Confirm your answers" in message.subject
        link = _link(message)
        page = Client().get(link)
        assert page.status_code == 200 and "Confirm my answers" in page.content.decode()
        stored.refresh_from_db()
        assert stored.confirmed_at is None

        confirmed = Client().post(link)
        assert confirmed.status_code == 302
        assert confirmed["Location"].endswith(f"/questionnaires/{by_email.pk}/thanks/")
        stored.refresh_from_db()
        assert stored.confirmed_at is not None and stored.email == ""
        assert not Answer.objects.exclude(pending_text="").exists()
        written = Contribution.objects.filter(channel=Channel.QUESTIONNAIRE)
        assert sorted(written.values_list("text", flat=True)) == [
            "Dee",
            "More open data, please.",
        ]
        assert all(contribution.consent_to_publish for contribution in written)
        results = _results(client, by_email)
        assert "1 response in all." in results
        assert "every response counted here was confirmed" in results
        assert "waiting for" not in results

    def test_clearing_cookies_counts_one_per_address(
        self, by_email, django_capture_on_commit_callbacks
    ):
        """Three cookie-less browsers with one address: each new answer replaces the waiting
        one (its link stops working); one confirmation, one response counted."""
        for _ in range(3):
            _answer(Client(), by_email, "p@example.org", django_capture_on_commit_callbacks)
        assert len(mail.outbox) == 3
        assert Response.objects.count() == 1
        assert Client().post(_link(mail.outbox[0])).status_code == 400
        assert Client().post(_link(mail.outbox[2])).status_code == 302
        assert Response.objects.filter(confirmed_at__isnull=False).count() == 1

    def test_a_second_confirmed_answer_from_one_address_is_refused(
        self, by_email, django_capture_on_commit_callbacks
    ):
        """The first answers an address confirmed are the ones counted; a later response of the
        same address is refused when confirmed (400, told to the mailbox holder only)."""
        _answer(Client(), by_email, "p@example.org", django_capture_on_commit_callbacks)
        Client().post(_link(mail.outbox[0]))
        data = form_data(by_email)
        data[f"q{question(by_email, 'long_text').pk}"] = "A second opinion."
        response = _answer(
            Client(), by_email, "p@example.org", django_capture_on_commit_callbacks, data=data
        )
        # The form says the same thing for every address: it reveals nobody's participation.
        assert response.status_code == 302 and response["Location"].endswith("check-your-email/")
        refused = Client().post(_link(mail.outbox[1]))
        assert refused.status_code == 400
        assert "already answered this questionnaire" in refused.content.decode()
        assert Response.objects.filter(confirmed_at__isnull=False).count() == 1
        assert not Contribution.objects.filter(text="A second opinion.").exists()
        assert "1 response in all." in _results(Client(), by_email)

    def test_the_review_asks_for_an_address_and_refuses_a_bad_one(self, by_email):
        """No address or a bad one: the review page again with the GC error summary, a 400 in
        the page's language, nothing stored, nothing sent."""
        client = Client()
        review = client.post(f"/fr/questionnaires/{by_email.pk}/", form_data(by_email))
        html = review.content.decode()
        assert 'type="email" name="email"' in html
        payload = review.context["review_form"]["payload"].value()
        for email in ("", "pas-une-adresse"):
            response = client.post(
                f"/fr/questionnaires/{by_email.pk}/send/", {"payload": payload, "email": email}
            )
            assert response.status_code == 400
            html = response.content.decode()
            assert "<title>Erreur" in html and "data-error-summary" in html
        assert not Response.objects.exists() and not mail.outbox

    def test_the_email_is_in_the_respondents_language(
        self, by_email, django_capture_on_commit_callbacks
    ):
        _answer(
            Client(), by_email, "a@example.org", django_capture_on_commit_callbacks, prefix="/fr"
        )
        (message,) = mail.outbox
        assert "Confirmez vos réponses" in message.subject
        assert _link(message).startswith("/fr/")
        assert Response.objects.get().language == "fr"

    def test_a_questionnaire_taking_several_answers_ignores_the_rule(self, by_email):
        """The rule counts people only where the questionnaire takes one answer per person."""
        by_email.one_response_per_person = False
        by_email.save()
        assert voice.voice_rule(by_email) is None
        response = services.response_submit(
            questionnaire=by_email, answers=full_answers(by_email), language="en"
        )
        assert response.confirmed_at is not None


class TestBadLinks:
    @pytest.fixture
    def pending(self, by_email, django_capture_on_commit_callbacks):
        _answer(Client(), by_email, "p@example.org", django_capture_on_commit_callbacks)
        return Response.objects.get()

    def _assert_nothing_counted(self, pending):
        pending.refresh_from_db()
        assert pending.confirmed_at is None and pending.email == "p@example.org"
        assert not ResultTally.objects.exists()
        assert not Contribution.objects.filter(channel=Channel.QUESTIONNAIRE).exists()

    def test_forged_link(self, pending):
        url = f"/en/questionnaires/{pending.questionnaire_id}/confirm/forged:abc/"
        for response in (Client().get(url), Client().post(url)):
            assert response.status_code == 400
            assert "This confirmation link is not valid." in response.content.decode()
        self._assert_nothing_counted(pending)

    def test_replayed_link(self, pending):
        url = _link(mail.outbox[0])
        assert Client().post(url).status_code == 302
        tallies = list(ResultTally.objects.values_list("key", "count"))
        for response in (Client().post(url), Client().get(url)):
            assert response.status_code == 400
            assert "already been used: your answers are counted" in response.content.decode()
        assert list(ResultTally.objects.values_list("key", "count")) == tallies

    def test_expired_link(self, pending):
        later = time.time() + confirmation.CONFIRMATION_MAX_AGE + 60
        with mock.patch("django.core.signing.time.time", return_value=later):
            response = Client().post(_link(mail.outbox[0]))
        assert response.status_code == 400
        assert "has expired" in response.content.decode()
        self._assert_nothing_counted(pending)

    def test_link_of_another_questionnaire(self, pending):
        other = questionnaire_with_every_kind(pending.questionnaire.opportunity, slug="other")
        token = _link(mail.outbox[0]).rstrip("/").rsplit("/", 1)[1]
        response = Client().post(f"/fr/questionnaires/{other.pk}/confirm/{token}/")
        assert response.status_code == 400
        assert "Ce lien de confirmation est pour un autre questionnaire." in (
            response.content.decode()
        )
        self._assert_nothing_counted(pending)

    def test_link_for_another_opportunity(self, pending):
        token = signing.TimestampSigner(salt=voice.CONFIRMATION_SALT).sign_object(
            [
                pending.pk,
                pending.questionnaire_id,
                pending.questionnaire.opportunity_id + 1000,
                pending.submitted_at.timestamp(),
            ]
        )
        with pytest.raises(ValidationError, match="no longer valid"):
            voice.response_confirm(questionnaire_pk=pending.questionnaire_id, token=token)
        self._assert_nothing_counted(pending)

    def test_a_support_link_is_no_answer_link(self, pending):
        """The kinds sign with their own salts: a support's token never confirms a response."""
        token = signing.TimestampSigner(
            salt="coplan.contributions.support-confirmation"
        ).sign_object(
            [
                pending.pk,
                pending.questionnaire_id,
                pending.questionnaire.opportunity_id,
                pending.submitted_at.timestamp(),
            ]
        )
        url = f"/en/questionnaires/{pending.questionnaire_id}/confirm/{token}/"
        assert Client().post(url).status_code == 400
        self._assert_nothing_counted(pending)

    def test_link_after_the_questionnaire_closed(self, pending):
        Opportunity.objects.filter(pk=pending.questionnaire.opportunity_id).update(status="closed")
        response = Client().post(_link(mail.outbox[0]))
        assert response.status_code == 400
        assert "no longer accepts responses" in response.content.decode()
        self._assert_nothing_counted(pending)


class TestAccountRule:
    def test_visitors_are_asked_to_sign_in_and_accounts_answer_once(self):
        questionnaire = questionnaire_with_every_kind()
        _rule(questionnaire, VoiceRule.ACCOUNT)
        response = Client().get(f"/en/questionnaires/{questionnaire.pk}/")
        assert response.status_code == 302 and "/account/sign-in/" in response["Location"]
        answers = full_answers(questionnaire)
        with pytest.raises(ValidationError, match="sign in"):
            services.response_submit(questionnaire=questionnaire, answers=answers, language="en")
        user = UserFactory()
        key = services.respondent_key_for(questionnaire=questionnaire, user=user, browser_token="")
        services.response_submit(
            questionnaire=questionnaire,
            answers=answers,
            language="en",
            respondent=user,
            respondent_key=key,
        )
        with pytest.raises(ValidationError, match="already answered"):
            services.response_submit(
                questionnaire=questionnaire,
                answers=full_answers(questionnaire),
                language="en",
                respondent=user,
                respondent_key=key,
            )


def test_the_opportunity_says_the_rule_counts_answers_too():
    help_text = str(Opportunity._meta.get_field("voice_rule").help_text)
    assert "questionnaires" in help_text and "do not follow" not in help_text


def test_waiting_addresses_and_answers_are_in_the_privacy_registry():
    entries = {entry.model: entry for entry in registry.entries()}
    response = entries[Response]
    assert "email" in response.fields and "email" in response.subject_email
    assert response.unconfirmed == ("confirmed_at", "submitted_at", 7)
    assert "pending_text" in entries[Answer].fields

"""The public form to propose a session (events.views_proposals): the privacy notice, what is
stored and kept apart, the sensitive-information warning, bad input, replays and floods."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import override_settings

from coplan.contributions.models import Contribution, ContributorContact, Kind
from coplan.events.models import Event
from coplan.moderation.models import Action
from tests.events.helpers import FORM, _day, _decide, _post, _token

pytestmark = pytest.mark.django_db


class TestPublicForm:
    def test_the_process_page_invites_proposals_and_the_form_has_the_privacy_notice(
        self, client, process, sessions
    ):
        """While sessions are taken, the process page links to the form; the form (French)
        shows the notice at the point of collection."""
        page = client.get(process.get_absolute_url()).content.decode()
        assert f"/en/events/propose/{process.slug}/" in page
        html = client.get(f"/fr/events/propose/{process.slug}/").content.decode()
        assert "Avis de confidentialité" in html and "collection-notice" in html
        assert "Proposer une séance" in html

    def test_no_sessions_opportunity_open_means_no_proposals(self, client, process):
        """Without an open sessions opportunity the form says so and a post stores nothing."""
        url = f"/en/events/propose/{process.slug}/"
        assert "does not take session proposals" in client.get(url).content.decode()
        assert "/events/propose/" not in client.get(process.get_absolute_url()).content.decode()
        response = client.post(url, {**FORM, "day": _day()})
        assert response.status_code == 403
        assert not Event.objects.exists() and not Contribution.objects.exists()

    def test_a_proposal_is_stored_unlisted_with_its_contact_apart(
        self, client, process, sessions, moderator, administrator, analyst
    ):
        """A valid proposal: a pending contribution (kind session proposal) holding the text,
        its contact in ContributorContact, a session with the host that is not listed; the
        moderators and administrators are emailed in their own language, never the contact."""
        moderator.preferred_language = "fr"
        moderator.save()
        response = _post(client, process)
        assert response.status_code == 302
        event = Event.objects.get()
        proposal = event.proposal
        assert (proposal.kind, proposal.moderation_state) == (Kind.SESSION_PROPOSAL, "pending")
        assert proposal.target == event
        assert event.host == "partner" and event.host_organisation == "Rural Libraries Network"
        assert event.starts_at.astimezone(event.zone).hour == 18
        assert not event.registration_open
        assert ContributorContact.objects.get(contribution=proposal).email == "camille@example.org"
        assert not Event.objects.public().exists()
        recipients = sorted(address for message in mail.outbox for address in message.to)
        assert recipients == sorted([moderator.email, administrator.email])
        french = next(message for message in mail.outbox if message.to == [moderator.email])
        assert french.subject.startswith("Une séance est proposée")
        assert "camille@example.org" not in french.body
        assert f"/moderation/{proposal.pk}/" in french.body

    @pytest.mark.parametrize(
        ("language", "overrides", "field_message"),
        [
            ("en", {"title": ""}, "This field is required."),
            ("fr", {"contact_email": "not-an-address"}, "une adresse courriel valide"),
            ("en", {"end_time": "17:00"}, "The session must end after it starts."),
            ("fr", {"city": "", "province": ""}, "Une séance en personne"),
            ("en", {"format": "online", "online_url": ""}, "An online session needs its link."),
            ("fr", {"host_organisation": "  "}, "Ce champ est obligatoire."),
        ],
    )
    def test_bad_input_is_refused_with_a_translated_message_and_nothing_stored(
        self, client, process, sessions, language, overrides, field_message
    ):
        """Each mistake: a 400 with the GC error summary in the visitor's language; no session,
        no contribution, no contact, no email."""
        response = _post(client, process, language, **overrides)
        html = response.content.decode()
        assert response.status_code == 400
        assert field_message in html
        assert "error-summary" in html
        assert not Event.objects.exists()
        assert not Contribution.objects.exists() and not ContributorContact.objects.exists()
        assert not mail.outbox

    def test_a_past_date_is_refused(self, client, process, sessions):
        """A session that would start in the past: refused on its start time."""
        response = _post(client, process, day=_day(-3))
        assert response.status_code == 400
        assert "The session must start in the future." in response.content.decode()
        assert not Event.objects.exists()

    def test_personal_information_is_warned_of_then_masked_in_what_is_shown(
        self, client, process, sessions, moderator
    ):
        """A phone number in the description: the warning step stores nothing; sent as it is,
        the session carries the masked copy, the moderator still sees what was received."""
        text = "Call me at 613-555-0199 to book a seat."
        response = _post(client, process, description=text)
        assert response.status_code == 200 and "sensitive-warning" in response.content.decode()
        assert not Event.objects.exists()
        response = _post(client, process, description=text, confirm_sensitive="1")
        assert response.status_code == 302
        event = Event.objects.get()
        assert "613-555-0199" in event.proposal.text
        assert "613-555-0199" not in event.description
        _decide(event, Action.APPROVE, moderator)
        page = client.get(event.get_absolute_url()).content.decode()
        assert "613-555-0199" not in page and "Rural Libraries Network" in page

    def test_the_same_form_sent_twice_stores_one_session(self, client, process, sessions):
        """A replayed form (same token) finds the stored proposal."""
        url = f"/en/events/propose/{process.slug}/"
        data = {**FORM, "day": _day(), "form_token": _token(client, url)}
        assert client.post(url, data).status_code == 302
        assert client.post(url, data).status_code == 302
        assert Event.objects.count() == 1 and Contribution.objects.count() == 1

    @override_settings(
        COPLAN_RATE_LIMITS={
            "public_write": "2/60",
            "public_write_account": "2/60",
            "sign_in": "10/300",
        }
    )
    def test_proposals_are_rate_limited(self, client, process, sessions):
        """Like every public write: past the limit, the 429 and nothing more stored."""
        statuses = [
            _post(client, process, contact_email=f"p{n}@example.org").status_code for n in range(3)
        ]
        assert statuses == [302, 302, 429]
        assert Event.objects.count() == 2

"""Sessions proposed by partners or third parties: the public form, the one path of public text
(sensitive-information warning, masked copy, contact kept apart, moderation in the one queue),
the staff email, the decision emailed to the proposer in their language, and no public page,
feed or API showing a session before its proposal is published."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.test import TestCase, override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from coplan.contributions.models import Contribution, ContributorContact, Kind
from coplan.events.models import Event
from coplan.events.proposals import session_proposal_submit
from coplan.moderation.models import Action, ModerationReason
from coplan.moderation.services import contributions_moderate
from coplan.notifications.models import Announcement
from tests.events.factories import EventFactory
from tests.processes.factories import OpportunityFactory

pytestmark = pytest.mark.django_db

FORM = {
    "title": "Open data in rural libraries",
    "description": "A workshop with librarians on what open data rural communities need.",
    "host_organisation": "Rural Libraries Network",
    "day": "",  # set per test: a date ahead
    "start_time": "18:00",
    "end_time": "20:00",
    "time_zone": "America/Halifax",
    "format": "in_person",
    "venue_name": "Town hall",
    "venue_address": "12 Main Street",
    "city": "Truro",
    "province": "NS",
    "online_url": "",
    "contact_name": "Camille Roy",
    "contact_email": "camille@example.org",
}


@pytest.fixture
def sessions(process):
    """An open sessions opportunity in the Development phase: proposals are taken."""
    phase = process.phases.get(kind="development")
    return OpportunityFactory(phase=phase, kind="sessions", status="open", slug="sessions")


def _day(days: int = 20) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def _token(client, url: str) -> str:
    html = client.get(url).content.decode()
    return re.search(r'name="form_token" value="([^"]+)"', html).group(1)


def _post(client, process, language: str = "en", **overrides):
    url = f"/{language}/events/propose/{process.slug}/"
    data = {**FORM, "day": _day(), "form_token": _token(client, url), **overrides}
    with _committed():
        return client.post(url, data)


def _committed():
    """Run what waits for the commit (emails, announcements) as the request's end would."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def _propose(process, **overrides) -> Event:
    start = timezone.now() + datetime.timedelta(days=20)
    data = {
        key: value for key, value in FORM.items() if key not in ("day", "start_time", "end_time")
    }
    data.update(starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    data.update(overrides)
    with _committed():
        return session_proposal_submit(process=process, **data)


def _decide(event: Event, action: str, moderator) -> None:
    reason = None
    if action == Action.REJECT:
        reason, _created = ModerationReason.objects.get_or_create(
            slug="off-topic", defaults={"title_en": "Off topic", "title_fr": "Hors sujet"}
        )
    with _committed():
        contributions_moderate(
            contribution_ids=[event.proposal_id], action=action, moderator=moderator, reason=reason
        )


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


class TestModeration:
    def test_proposals_wait_in_the_one_moderation_queue(self, client, process, sessions, moderator):
        """The moderation queue lists the proposal with the other contributions; its page links
        to the unlisted session, which moderators (only) may open."""
        event = _propose(process)
        client.force_login(moderator)
        queue = client.get("/en/staff/moderation/?kind=session_proposal").content.decode()
        assert f"/en/staff/moderation/{event.proposal_id}/" in queue
        detail = client.get(f"/en/staff/moderation/{event.proposal_id}/").content.decode()
        assert event.get_absolute_url() in detail
        page = client.get(event.get_absolute_url())
        assert page.status_code == 200 and "only moderators see this page" in page.content.decode()
        client.logout()
        assert client.get(event.get_absolute_url()).status_code == 404

    def test_approval_lists_the_session_announces_it_and_tells_the_proposer_in_french(
        self, client, process, sessions, moderator
    ):
        """Published: listed "hosted by" its organisation, announced to subscribers, and the
        proposer (who wrote in French) is told in French, with the session's address."""
        from django.utils import translation

        with translation.override("fr"):
            event = _propose(process, language="fr")
        mail.outbox.clear()
        assert not Announcement.objects.filter(kind="event_announced").exists()
        _decide(event, Action.APPROVE, moderator)
        assert Event.objects.public().get() == event
        assert Announcement.objects.filter(kind="event_announced").count() == 1
        (message,) = [m for m in mail.outbox if m.to == ["camille@example.org"]]
        assert message.subject.startswith("Votre séance est affichée")
        assert "Bonjour Camille Roy" in message.body
        assert event.get_absolute_url().replace("/en/", "/fr/") in message.body
        for url in ("/en/events/", f"/en/events/{event.pk}/", f"/en/processes/{process.slug}/"):
            html = client.get(url).content.decode()
            assert "Hosted by Rural Libraries Network" in html and event.title in html, url
        french = client.get(f"/fr/events/{event.pk}/").content.decode()
        assert "Organisée par Rural Libraries Network" in french

    def test_refusal_keeps_it_unlisted_and_tells_the_proposer(self, process, sessions, moderator):
        """Rejected: never listed, never announced; the proposer is told in English."""
        event = _propose(process)
        mail.outbox.clear()
        _decide(event, Action.REJECT, moderator)
        assert not Event.objects.public().exists()
        assert not Announcement.objects.filter(kind="event_announced").exists()
        (message,) = mail.outbox
        assert message.to == ["camille@example.org"]
        assert "We cannot list it" in message.body

    def test_a_hidden_session_leaves_the_public_pages(self, client, process, sessions, moderator):
        """Hiding the published proposal later takes the session off the list again."""
        event = _propose(process)
        _decide(event, Action.APPROVE, moderator)
        contributions_moderate(
            contribution_ids=[event.proposal_id],
            action=Action.HIDE,
            moderator=moderator,
            reason=ModerationReason.objects.create(slug="x", title_en="X", title_fr="X"),
        )
        assert client.get(event.get_absolute_url()).status_code == 404


def _public_events_views() -> set[str]:
    """Every public URL name served by the events app's views (staff pages aside)."""
    names = set()

    def walk(patterns, prefix="", namespace=""):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, route, inner)
            elif (
                isinstance(pattern, URLPattern)
                and pattern.callback.__module__.startswith("coplan.events.")
                and "staff/" not in route
            ):
                names.add(f"{namespace}{pattern.name}")

    walk(get_resolver().url_patterns)
    return names


# Public places that show sessions, with how this test reads them. An events view added later
# fails the enumeration below until it is read here.
EVENTS_VIEWS_READ = {
    "events:list",
    "events:detail",
    "events:ics",
    "events:process_feed",
    # Not a list of sessions: the registration link, the forms.
    "events:register",
    "events:registration",
    "events:volunteer",
    "events:propose",
}


def test_no_public_page_feed_or_api_shows_an_unpublished_proposal(
    client, process, sessions, moderator
):
    """A pending and a rejected proposal appear nowhere the public looks (calendar upcoming
    and past, session page and .ics, the process's iCal feed, the process page, the home
    page, the public API, the forum's repository and compliance); a published one appears in
    each list, so the test sees sessions where it looks."""
    assert _public_events_views() == EVENTS_VIEWS_READ
    pending = _propose(process, title="Pending proposal zebra")
    rejected = _propose(process, title="Rejected proposal walrus")
    _decide(rejected, Action.REJECT, moderator)
    listed = _propose(process, title="Approved proposal otter")
    _decide(listed, Action.APPROVE, moderator)
    past = EventFactory(opportunity=sessions, title_en="Past team session")
    Event.objects.filter(pk=past.pk).update(
        summary_en="We talked.",
        starts_at=timezone.now() - datetime.timedelta(days=3),
        ends_at=timezone.now() - datetime.timedelta(days=3, hours=-2),
    )
    # The same unlisted proposals in the past too (the past calendar, the forum's counts).
    for event in (pending, rejected):
        Event.objects.filter(pk=event.pk).update(
            starts_at=timezone.now() - datetime.timedelta(days=2),
            ends_at=timezone.now() - datetime.timedelta(days=2, hours=-1),
            summary_en="Held.",
        )
    hidden = ("zebra", "walrus")
    lists = {
        "calendar": "/en/events/",
        "calendar_fr": "/fr/events/",
        "process feed": f"/en/events/calendar/{process.slug}.ics",
        "process page": process.get_absolute_url(),
        "home": "/en/",
        "api": "/api/v1/events",
    }
    for name, url in lists.items():
        body = client.get(url).content.decode()
        assert not any(word in body for word in hidden), name
        if name != "home":
            assert "otter" in body, name
    past_page = client.get("/en/events/?when=past").content.decode()
    assert "Past team session" in past_page and not any(w in past_page for w in hidden)
    for event in (pending, rejected):
        assert client.get(event.get_absolute_url()).status_code == 404
        assert client.get(f"/en/events/{event.pk}/session.ics").status_code == 404
        assert client.post(f"/en/events/{event.pk}/register/", {}).status_code == 404
    assert client.get(listed.get_absolute_url()).status_code == 200
    repository = client.get(f"/en/forum/{process.slug}/repository/?type=event")
    assert repository.status_code == 200
    assert "Past team session" in repository.content.decode()
    assert not any(word in repository.content.decode() for word in hidden)

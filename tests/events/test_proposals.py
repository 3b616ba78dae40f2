"""Sessions proposed by partners or third parties, once proposed: moderation in the one queue,
the staff email, the decision emailed to the proposer in their language, and no public page,
feed or API showing a session before its proposal is published (the public form's tests are in
test_views_proposals)."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from coplan.events.models import Event
from coplan.moderation.models import Action, ModerationReason
from coplan.moderation.services import contributions_moderate
from coplan.notifications.models import Announcement
from tests.events.factories import EventFactory
from tests.events.helpers import _decide, _propose

pytestmark = pytest.mark.django_db


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

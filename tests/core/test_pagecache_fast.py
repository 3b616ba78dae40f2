"""The short request path of strangers' cached pages and of the health check (issue 21): the
same headers and body as the whole way, a CSRF token that posts, grace after an additive change
for all but the one request that renders the page again, never after a removal."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client, RequestFactory

from coplan.core import pagecache_fast
from coplan.moderation.models import ModerationReason
from coplan.moderation.services import contributions_moderate
from tests.contributions.factories import ContributionFactory

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def replays(monkeypatch) -> list[str]:
    """The addresses the first middleware answered from its own copy."""
    served: list[str] = []
    replay = pagecache_fast.FastPageMiddleware._replay

    def spy(self, request, entry):
        served.append(request.path)
        return replay(self, request, entry)

    monkeypatch.setattr(pagecache_fast.FastPageMiddleware, "_replay", spy)
    return served


def _pages(opportunity, idea) -> list[str]:
    process = opportunity.phase.process
    return [
        f"/en/processes/{process.slug}/",
        f"/fr/processes/{process.slug}/",
        f"/en/participate/{process.slug}/{opportunity.slug}/ideas/",
        f"/en/participate/ideas/{idea.pk}/",
    ]


def _the_whole_way(url: str):
    """A stranger's request that the first middleware passes on (any cookie but CSRF's)."""
    client = Client()
    client.cookies["unrelated"] = "1"
    return client.get(url)


def _comparable(response) -> tuple[dict, str, dict]:
    headers = {name: value for name, value in response.headers.items() if name != "Expires"}
    cookies = {
        name: {key: value for key, value in morsel.items() if key != "expires"}
        for name, morsel in response.cookies.items()
    }
    return headers, TOKEN.sub("TOKEN", response.content.decode()), cookies


@pytest.mark.django_db
def test_a_cached_page_is_replayed_with_the_headers_and_body_of_the_whole_way(open_ideas, replays):
    idea = ContributionFactory(opportunity=open_ideas)
    for url in _pages(open_ideas, idea):
        Client().get(url)  # rendered and kept
        slow = _the_whole_way(url)
        assert slow["X-Page-Cache"] == "hit" and not replays
        fast = Client().get(url)
        assert replays == [url]
        assert _comparable(fast) == _comparable(slow), url
        assert "Content-Security-Policy" in fast and "csrftoken" in fast.cookies
        replays.clear()


@pytest.mark.django_db
def test_the_token_of_a_replayed_page_posts(open_ideas, replays):
    open_ideas.voice_rule = "open"
    open_ideas.save()
    idea = ContributionFactory(opportunity=open_ideas)
    url = f"/en/participate/ideas/{idea.pk}/"
    Client().get(url)
    for client in (Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)):
        if replays:  # the second visitor comes back with a cookie of their own
            client.get(url)
        page = client.get(url)
        token = TOKEN.search(page.content.decode()).group(1)
        assert _unmask_cipher_token(token) == client.cookies["csrftoken"].value
        response = client.post(
            f"/en/participate/ideas/{idea.pk}/support/", {"csrfmiddlewaretoken": token}
        )
        assert response.status_code == 302
    assert len(replays) == 3


@pytest.mark.django_db
def test_visitors_with_a_session_or_a_message_go_the_whole_way(client, open_ideas, user, replays):
    idea = ContributionFactory(opportunity=open_ideas)
    url = f"/en/participate/ideas/{idea.pk}/"
    Client().get(url)
    client.cookies["messages"] = "x"
    client.get(url)
    client.force_login(user)
    assert "My account" in client.get(url).content.decode()
    assert not replays


class _Rendering:
    """The cache as seen while another request holds every render lock."""

    def __getattr__(self, name):
        return getattr(cache, name)

    def add(self, key, *args, **kwargs):
        return False if key.startswith("pagefast:render:") else cache.add(key, *args, **kwargs)


def _lock(url: str) -> str:
    return f"pagefast:render:{pagecache_fast._key(RequestFactory().get(url))}"


@pytest.mark.django_db
def test_after_an_approval_one_request_renders_and_the_others_get_the_page_in_grace(
    open_ideas, moderator, replays, django_capture_on_commit_callbacks
):
    idea = ContributionFactory(opportunity=open_ideas)
    url = _pages(open_ideas, idea)[2]
    pending = ContributionFactory(
        opportunity=open_ideas, moderation_state="pending", title="Newly approved"
    )
    Client().get(url)
    with django_capture_on_commit_callbacks(execute=True):
        contributions_moderate(contribution_ids=[pending.pk], action="approve", moderator=moderator)
    assert cache.add(_lock(url), 1)  # another request is rendering the list
    response = Client().get(url)
    assert replays == [url] and "Newly approved" not in response.content.decode()
    cache.delete(_lock(url))
    response = Client().get(url)  # this one renders it, holding the lock meanwhile
    assert "X-Page-Cache" not in response and "Newly approved" in response.content.decode()
    assert cache.add(_lock(url), 1)  # released
    response = Client().get(url)
    assert replays[-1] == url and "Newly approved" in response.content.decode()


@pytest.mark.django_db
def test_a_hidden_idea_is_never_served_in_grace(
    open_ideas, moderator, monkeypatch, replays, django_capture_on_commit_callbacks
):
    """A removal bumps the process's own version: no copy kept before it is served again,
    even while another request renders the page."""
    shown = ContributionFactory(opportunity=open_ideas, title="Stays")
    hidden = ContributionFactory(opportunity=open_ideas, title="To be hidden")
    urls = _pages(open_ideas, shown)
    for url in urls:
        Client().get(url)
        assert Client().get(url)["X-Page-Cache"] == "hit"
    replays.clear()
    with django_capture_on_commit_callbacks(execute=True):
        contributions_moderate(
            contribution_ids=[hidden.pk],
            action="hide",
            moderator=moderator,
            reason=ModerationReason.objects.get(slug="spam"),
        )
    monkeypatch.setattr(pagecache_fast, "cache", _Rendering())
    for url in urls:
        response = Client().get(url)
        assert "To be hidden" not in response.content.decode(), url
    assert not replays


@pytest.mark.django_db
def test_the_health_check_has_the_headers_of_the_whole_way():
    for language in ("en", "fr"):
        fast = Client(HTTP_ACCEPT_LANGUAGE=language).get("/healthz")
        slow = Client(HTTP_ACCEPT_LANGUAGE=language).get("/healthz?whole=way")
        assert fast.json() == slow.json() == {"status": "ok"}
        assert _comparable(fast) == _comparable(slow)
        assert fast["Content-Language"] == language
        assert "no-store" in fast["Cache-Control"] and "Expires" in fast

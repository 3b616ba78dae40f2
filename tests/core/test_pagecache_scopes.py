"""Fine-grained invalidation (issue 21): approving or supporting an idea drops the cached pages
that show that idea (its page, its call's list, its process's counts) and no other; another
change to one process's content drops the cached pages of that process and the pages not tied
to one process, and leaves every other process's pages cached; a change that may concern every
process drops them all."""

from __future__ import annotations

import pytest
from django.test import Client

from coplan.contributions.services import idea_support
from coplan.core import pagecache, pageversions
from coplan.moderation.models import ModerationReason
from coplan.moderation.services import contributions_moderate
from coplan.processes.models import Opportunity
from tests.contributions.factories import ContributionFactory, comment_on
from tests.events.factories import EventFactory
from tests.processes.factories import OpportunityFactory, ProcessFactory


def _pages(opportunity: Opportunity, idea) -> list[str]:
    """The process page, the idea list and an idea page of the opportunity's process."""
    process = opportunity.phase.process
    return [
        f"/en/processes/{process.slug}/",
        f"/en/participate/{process.slug}/{opportunity.slug}/ideas/",
        f"/en/participate/ideas/{idea.pk}/",
    ]


def _cached(client: Client, url: str) -> bool:
    return client.get(url).get("X-Page-Cache") == "hit"


@pytest.fixture
def two_processes(db):
    """Two processes, each with an open call for ideas holding one published idea."""
    calls = []
    for _ in range(2):
        process = ProcessFactory()
        opportunity = OpportunityFactory(
            phase=process.phases.get(kind="development"), kind="ideas", status="open", slug="ideas"
        )
        calls.append((opportunity, ContributionFactory(opportunity=opportunity)))
    return calls


@pytest.mark.django_db
def test_approving_an_idea_drops_the_pages_that_show_it_only(
    client, two_processes, moderator, django_capture_on_commit_callbacks
):
    """Approving idea A drops A's page, its call's list and its process page (the counts);
    idea B's page in the same call, the other process's pages and the home page stay cached."""
    (call_a, idea_b), (call_c, idea_c) = two_processes
    idea_a = ContributionFactory(opportunity=call_a, moderation_state="pending", title="Newly")
    process_a, list_a, page_b = _pages(call_a, idea_b)
    page_a = f"/en/participate/ideas/{idea_a.pk}/"
    kept = [page_b, *_pages(call_c, idea_c), "/en/"]
    for url in [process_a, list_a, *kept]:
        client.get(url)
        assert _cached(client, url), url
    assert client.get(page_a).status_code == 404
    assert "Newly" not in client.get(list_a).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        contributions_moderate(contribution_ids=[idea_a.pk], action="approve", moderator=moderator)
    for url in kept:
        assert _cached(client, url), url
    assert not _cached(client, process_a)
    response = client.get(list_a)
    assert "X-Page-Cache" not in response
    assert "Newly" in response.content.decode()
    response = client.get(page_a)
    assert response.status_code == 200
    assert "Newly" in response.content.decode()


@pytest.mark.django_db
def test_a_second_approval_shows_at_once_on_the_list(
    client, two_processes, moderator, django_capture_on_commit_callbacks
):
    """The idea's page and list are dropped at every decision (only the process's counts are
    dropped at most every few seconds)."""
    (call_a, idea_b), _c = two_processes
    _process_a, list_a, _page_b = _pages(call_a, idea_b)
    for title in ("First new", "Second new"):
        idea = ContributionFactory(opportunity=call_a, moderation_state="pending", title=title)
        client.get(list_a)
        assert _cached(client, list_a)
        with django_capture_on_commit_callbacks(execute=True):
            contributions_moderate(
                contribution_ids=[idea.pk], action="approve", moderator=moderator
            )
        assert title in client.get(list_a).content.decode()


@pytest.mark.django_db
def test_hiding_a_comment_drops_its_process_pages(
    client, two_processes, moderator, django_capture_on_commit_callbacks
):
    """A decision on anything but a new idea (here a comment shown under an idea) drops every
    page of its process and the pages tied to no process, as before; the other process's
    pages stay cached."""
    (call_a, idea_a), (call_c, idea_c) = two_processes
    comment = comment_on(idea_a)
    pages_a, pages_c = _pages(call_a, idea_a), _pages(call_c, idea_c)
    for url in [*pages_a, *pages_c, "/en/"]:
        client.get(url)
        assert _cached(client, url), url
    with django_capture_on_commit_callbacks(execute=True):
        contributions_moderate(
            contribution_ids=[comment.pk],
            action="hide",
            moderator=moderator,
            reason=ModerationReason.objects.get(slug="spam"),
        )
    for url in pages_c:
        assert _cached(client, url), url
    for url in [*pages_a, "/en/"]:
        assert not _cached(client, url), url


@pytest.mark.django_db
def test_a_saved_row_of_one_process_leaves_the_other_cached(client, two_processes):
    """A model connected with invalidate_on whose row belongs to one process (a phase renamed)
    drops that process's pages; a row of no single process (an opportunity) drops them all."""
    (call_a, idea_a), (call_b, idea_b) = two_processes
    pages_a, pages_b = _pages(call_a, idea_a), _pages(call_b, idea_b)
    for url in [*pages_a, *pages_b]:
        client.get(url)
    phase = call_a.phase.process.phases.get(kind="review")
    phase.name_en = "Renamed review"
    phase.save()
    assert all(_cached(client, url) for url in pages_b)
    response = client.get(pages_a[0])
    assert "X-Page-Cache" not in response
    assert "Renamed review" in response.content.decode()
    call_b.title_en = "Renamed call"
    call_b.save()
    assert not any(_cached(client, url) for url in [pages_a[1], pages_b[0], pages_b[1]])


@pytest.mark.django_db
def test_renamed_process_address_is_looked_up_again(client, two_processes):
    """The process page's cache key needs the process's id from its address: after a process
    changes its address, the old address is a 404 and the new one its page."""
    (call_a, _idea_a), _b = two_processes
    process = call_a.phase.process
    old = f"/en/processes/{process.slug}/"
    client.get(old)
    assert _cached(client, old)
    process.slug = "renamed-process"
    process.save()
    assert client.get(old).status_code == 404
    assert client.get("/en/processes/renamed-process/").status_code == 200


def _versions(process_ids: list[int]) -> dict[str, str]:
    return {
        "every change": pagecache.content_version(),
        "global": pageversions._version(pageversions.GLOBAL_SCOPE),
        **{f"process {pk}": pagecache.process_version(pk) for pk in process_ids},
    }


@pytest.mark.django_db
def test_a_support_drops_only_its_idea_page_and_list(
    client, two_processes, monkeypatch, django_capture_on_commit_callbacks
):
    """A support changes a count that only its idea's page and its call's list show: it bumps
    neither its process's version, nor the global one, nor the one every change bumps; the
    process page, the other ideas' pages, the other process's pages and the home page stay
    cached."""
    monkeypatch.setattr(pageversions, "VERSION_MEMO_SECONDS", 0)
    (call_a, idea_a), (call_c, idea_c) = two_processes
    idea_b = ContributionFactory(opportunity=call_a)
    a, c = call_a.phase.process_id, call_c.phase.process_id
    process_a, list_a, page_a = _pages(call_a, idea_a)
    page_b = f"/en/participate/ideas/{idea_b.pk}/"
    kept = [process_a, page_b, *_pages(call_c, idea_c), "/en/"]
    for url in [list_a, page_a, *kept]:
        client.get(url)
        assert _cached(client, url), url
    before = _versions([a, c])
    with django_capture_on_commit_callbacks(execute=True):
        assert idea_support(idea=idea_a, supporter_key="anon:one")
    assert _versions([a, c]) == before
    for url in kept:
        assert _cached(client, url), url
    for url in (list_a, page_a):
        assert not _cached(client, url), url
    # The idea list's own fragment (kept under the list's version) shows the new count.
    assert "1 support<" in client.get(list_a).content.decode()


@pytest.mark.django_db
def test_a_new_session_drops_its_process_pages_only(client, two_processes, monkeypatch):
    """A session (event) added to process A's call for sessions drops A's pages, which list the
    next sessions; process B's pages stay cached."""
    monkeypatch.setattr(pageversions, "VERSION_MEMO_SECONDS", 0)
    (call_a, idea_a), (call_b, idea_b) = two_processes
    pages_a, pages_b = _pages(call_a, idea_a), _pages(call_b, idea_b)
    for url in [*pages_a, *pages_b]:
        client.get(url)
    sessions = OpportunityFactory(
        phase=call_a.phase.process.phases.get(kind="development"), kind="sessions", slug="talks"
    )
    for url in [*pages_a, *pages_b]:  # the new opportunity itself drops every page
        client.get(url)
    EventFactory(opportunity=sessions, title_en="Town hall in Moncton")
    for url in pages_b:
        assert _cached(client, url), url
    response = client.get(pages_a[0])
    assert "X-Page-Cache" not in response
    assert "Town hall in Moncton" in response.content.decode()

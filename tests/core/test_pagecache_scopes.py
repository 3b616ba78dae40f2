"""Fine-grained invalidation (issue 21): a change to one process's content drops the cached
pages of that process and the pages not tied to one process, and leaves every other process's
pages cached; a change that may concern every process drops them all."""

from __future__ import annotations

import pytest
from django.test import Client

from coplan.contributions.services import idea_support
from coplan.core import pagecache
from coplan.moderation.services import contributions_moderate
from coplan.processes.models import Opportunity
from tests.contributions.factories import ContributionFactory
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
def test_approving_an_idea_drops_its_process_pages_only(
    client, two_processes, moderator, django_capture_on_commit_callbacks
):
    """Approving an idea in process A drops A's process page, idea list and idea pages and the
    home page; process B's pages stay cached."""
    (call_a, idea_a), (call_b, idea_b) = two_processes
    pending = ContributionFactory(opportunity=call_a, moderation_state="pending", title="Newly")
    pages_a, pages_b = _pages(call_a, idea_a), _pages(call_b, idea_b)
    for url in [*pages_a, *pages_b, "/en/"]:
        client.get(url)
        assert _cached(client, url), url
    with django_capture_on_commit_callbacks(execute=True):
        contributions_moderate(contribution_ids=[pending.pk], action="approve", moderator=moderator)
    for url in pages_b:
        assert _cached(client, url), url
    for url in [*pages_a, "/en/"]:
        assert not _cached(client, url), url
    assert "Newly" in client.get(pages_a[1]).content.decode()


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
        "global": pagecache._version(pagecache.GLOBAL_SCOPE),
        **{f"process {pk}": pagecache.process_version(pk) for pk in process_ids},
    }


@pytest.mark.django_db
def test_a_support_bumps_only_its_process_version(
    client, two_processes, monkeypatch, django_capture_on_commit_callbacks
):
    """A support changes a count that only its idea's process's pages show: it bumps that
    process's version alone, not the other process's, nor the global one, nor the one every
    change bumps; the other process's pages and the home page stay cached."""
    monkeypatch.setattr(pagecache, "VERSION_MEMO_SECONDS", 0)
    (call_a, idea_a), (call_b, idea_b) = two_processes
    a, b = call_a.phase.process_id, call_b.phase.process_id
    pages_a, pages_b = _pages(call_a, idea_a), _pages(call_b, idea_b)
    for url in [*pages_a, *pages_b, "/en/"]:
        client.get(url)
        assert _cached(client, url), url
    before = _versions([a, b])
    with django_capture_on_commit_callbacks(execute=True):
        assert idea_support(idea=idea_a, supporter_key="anon:one")
    after = _versions([a, b])
    assert {name for name in before if before[name] != after[name]} == {f"process {a}"}
    for url in [*pages_b, "/en/"]:
        assert _cached(client, url), url
    for url in pages_a:
        assert not _cached(client, url), url
    # The idea list's own fragment (kept under the process's version) shows the new count.
    assert "1 support<" in client.get(pages_a[1]).content.decode()


@pytest.mark.django_db
def test_a_new_session_drops_its_process_pages_only(client, two_processes, monkeypatch):
    """A session (event) added to process A's call for sessions drops A's pages, which list the
    next sessions; process B's pages stay cached."""
    monkeypatch.setattr(pagecache, "VERSION_MEMO_SECONDS", 0)
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

from __future__ import annotations

import pytest

from tests.contributions.factories import ContributionFactory


@pytest.mark.django_db
def test_a_flood_of_supports_drops_the_cached_pages_once_per_delay(
    open_ideas, monkeypatch, django_capture_on_commit_callbacks
):
    """Every support used to empty everyone's page cache. Now a burst drops it once per
    SUPPORT_COUNT_DELAY: strangers keep their cached copy meanwhile, the count catches up
    after the delay, and each supporter sees the fresh count at once."""
    from django.core.cache import cache
    from django.test import Client

    from coplan.core import pageversions

    # Every process reads the version afresh: what another web process would see.
    monkeypatch.setattr(pageversions, "VERSION_MEMO_SECONDS", 0)
    idea = ContributionFactory(opportunity=open_ideas, moderation_state="published")
    url = idea.get_absolute_url()
    stranger = Client()

    def support() -> object:
        with django_capture_on_commit_callbacks(execute=True):
            return Client().post(f"{url}support/", follow=True)

    stranger.get(url)
    assert stranger.get(url)["X-Page-Cache"] == "hit"
    first = support()
    assert "X-Page-Cache" not in stranger.get(url)
    assert stranger.get(url)["X-Page-Cache"] == "hit"
    thanked = [first, support(), support()]
    # Each supporter's thank-you page is rendered afresh, with the count as it stands.
    for count, response in enumerate(thanked, start=1):
        assert "X-Page-Cache" not in response
        assert response.context["idea"].support_count == count
    # The two supports within the delay left the strangers' copy alone.
    assert stranger.get(url)["X-Page-Cache"] == "hit"
    # Once the delay is over (its key expired), the next support drops it again.
    cache.delete(f"pagecache:soon:supports:idea-{idea.pk}")
    support()
    response = stranger.get(url)
    assert "X-Page-Cache" not in response
    assert response.context["idea"].support_count == 4

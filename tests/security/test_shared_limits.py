"""Rate limits live in the shared cache (Redis): they hold across processes; a Redis outage
lets requests through (chosen: the consultation stays open) and is logged without client detail.
"""

from __future__ import annotations

import logging

import pytest
from django.core.cache import caches
from django.test import Client

from tests.accounts.factories import TEST_PASSWORD

from .conftest import redis_caches


@pytest.fixture
def shared_cache(settings, redis_server):
    # Django rebuilds its cache connections when CACHES changes (setting_changed signal).
    settings.CACHES = redis_caches(redis_server.url)
    yield redis_server
    caches.close_all()


@pytest.mark.django_db
def test_sign_in_limit_holds_across_clients_through_redis(shared_cache, settings, user):
    """Two separate clients (as two web processes would) share one per-account budget."""
    settings.COPLAN_RATE_LIMITS = {**settings.COPLAN_RATE_LIMITS, "sign_in_account": "4/900"}
    first = Client(REMOTE_ADDR="192.0.2.1")
    second = Client(REMOTE_ADDR="192.0.2.2")
    codes = []
    for attempt in range(6):
        client = first if attempt % 2 else second
        codes.append(
            client.post(
                "/en/account/sign-in/", {"username": user.email.upper(), "password": "wrong"}
            ).status_code
        )
    assert codes == [400, 400, 400, 400, 429, 429]
    # The right password is refused too while the account's budget is spent.
    third = Client(REMOTE_ADDR="192.0.2.3")
    response = third.post(
        "/en/account/sign-in/", {"username": user.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 429
    keys = caches["default"]._cache.get_client().keys("*")  # noqa: SLF001
    assert keys and not any(user.email.encode() in key for key in keys)


@pytest.mark.django_db
def test_redis_down_pages_and_writes_still_served_and_logged(shared_cache, settings, user, caplog):
    """With our Redis killed, sign-in still works (fail open) and one warning is logged."""
    shared_cache.stop()
    client = Client()
    import coplan.core.cache

    coplan.core.cache._last_logged = 0.0
    with caplog.at_level(logging.WARNING):
        response = client.post(
            "/fr/account/sign-in/", {"username": user.email, "password": TEST_PASSWORD}
        )
    assert response.status_code == 302
    messages = [r.getMessage() for r in caplog.records if r.name == "coplan.core.cache"]
    assert messages and all("allowing" in m for m in messages)
    assert not any(user.email in m for m in messages)
    assert client.get("/fr/").status_code == 200
    assert client.get("/readyz").status_code == 503
    assert len(messages) == 1  # one warning per outage and process, not one per request


@pytest.mark.django_db
def test_readyz_is_ready_with_redis_and_not_after_it_stops(shared_cache):
    client = Client()
    response = client.get("/readyz")
    assert response.status_code == 200 and response.json() == {
        "status": "ready",
        "database": True,
        "cache": True,
    }
    shared_cache.stop()
    down = client.get("/readyz")
    assert down.status_code == 503 and down.json()["cache"] is False
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
def test_cache_outage_reads_miss_writes_drop_counters_restart(shared_cache):
    """Every cache operation apps use answers as "no cache" while Redis is down."""
    from django.core.cache import cache

    cache.set("k", 1)
    assert cache.get("k") == 1
    shared_cache.stop()
    assert cache.get("k", "default") == "default"
    assert cache.get_many(["k"]) == {}
    cache.set("k", 2)
    assert cache.add("k", 3) is False
    assert cache.has_key("k") is False
    cache.delete("k")
    with pytest.raises(ValueError):
        cache.incr("k")

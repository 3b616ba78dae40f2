"""A Redis that accepts connections and never answers cannot stall the site: short timeouts,
then a circuit breaker bypasses the cache; /readyz says the cache is down; rate limits let
requests through (docs/deploy.md: the consultation stays open)."""

from __future__ import annotations

import socket
import threading
import time

import pytest
from django.core.cache import cache, caches
from django.test import Client

from coplan.core import cache as resilient
from coplan.core.ratelimit import Rate, hit
from coplan.settings.env import CACHE_READ_TIMEOUT, cache_from_env


class HungServer:
    """A loopback listener that accepts every connection and never sends a byte."""

    def __init__(self) -> None:
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port = self.listener.getsockname()[1]
        self.accepted: list[socket.socket] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        self.listener.settimeout(0.05)
        while not self._stop.is_set():
            try:
                connection, _address = self.listener.accept()
            except TimeoutError:
                continue
            self.accepted.append(connection)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        for connection in self.accepted:
            connection.close()
        self.listener.close()


@pytest.fixture
def hung_cache(settings, monkeypatch):
    """The site's own cache configuration (timeouts included) pointed at a hung server."""
    server = HungServer()
    monkeypatch.setenv("REDIS_URL", f"redis://127.0.0.1:{server.port}/0")
    monkeypatch.delenv("CACHE_URL", raising=False)
    settings.CACHES = cache_from_env()
    yield server
    caches.close_all()
    server.close()


@pytest.fixture
def clock(monkeypatch):
    """The breaker's clock, moved by the test."""
    now = [1000.0]
    monkeypatch.setattr(resilient, "clock", lambda: now[0])
    return now


def test_after_a_few_timeouts_the_cache_is_bypassed_then_tried_again(hung_cache, clock):
    """Three calls wait their (short) timeout; the next ones do not touch Redis at all; after
    OPEN_SECONDS one call tries again, and only one."""
    started = time.monotonic()
    for number in range(40):
        assert cache.get(f"key{number}", "missed") == "missed"
    elapsed = time.monotonic() - started
    # Each attempt is one connection the server accepted and never answered.
    assert len(hung_cache.accepted) == resilient.FAILURES_TO_OPEN
    # 40 calls cost about three timeouts, not forty (the old 1 s timeouts cost 40 s).
    assert elapsed < resilient.FAILURES_TO_OPEN * CACHE_READ_TIMEOUT + 2
    cache.set("key", "value")
    assert cache.add("key", "value") is False
    with pytest.raises(ValueError):
        cache.incr("key")
    assert len(hung_cache.accepted) == resilient.FAILURES_TO_OPEN

    clock[0] += resilient.OPEN_SECONDS + 1
    assert cache.get("key", "missed") == "missed"
    assert cache.get("key", "missed") == "missed"
    assert len(hung_cache.accepted) == resilient.FAILURES_TO_OPEN + 1


@pytest.mark.django_db
def test_pages_readiness_and_rate_limits_with_a_hung_cache(hung_cache, clock):
    """Pages are served, /readyz answers 503 "cache": false, a rate limit lets requests
    through; and all of it opens no more than a few connections to the hung server."""
    client = Client()
    assert client.get("/en/").status_code == 200
    assert client.get("/fr/").status_code == 200
    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready.json() == {"status": "unavailable", "database": True, "cache": False}
    assert all(hit("test", "someone", Rate(1, 60)) for _attempt in range(5))
    assert len(hung_cache.accepted) <= resilient.FAILURES_TO_OPEN


def test_a_success_closes_the_circuit(clock):
    breaker = resilient.CircuitBreaker()
    for _failure in range(resilient.FAILURES_TO_OPEN):
        assert breaker.allow()
        breaker.failed()
    assert not breaker.allow()
    clock[0] += resilient.OPEN_SECONDS
    assert breaker.allow()  # the one call that tries again
    assert not breaker.allow()  # the others still bypass meanwhile
    breaker.succeeded()
    assert all(breaker.allow() for _call in range(5))


def test_a_failure_among_successes_does_not_open_it(clock):
    """Only failures in a row count: a single slow answer now and then changes nothing."""
    breaker = resilient.CircuitBreaker()
    for _round in range(10):
        breaker.failed()
        breaker.succeeded()
    assert breaker.allow()

"""A Redis cache that degrades to "no cache" while Redis is unreachable or hung.

Apps use the cache for page fragments, counters and rate limits. When Redis stops, pages must
still be served (issue 11): reads miss, writes are dropped, ``incr`` behaves as if the key were
missing (callers then start again, and rate limits let requests through). Each outage is logged
as a warning at most once every ``LOG_EVERY_SECONDS`` per process, without keys or values.

A Redis that accepts connections but never answers costs each call its whole socket timeout
(issue 17: 11–26 s a page). So the timeouts are short (settings.env), and a circuit breaker per
process and server stops calling Redis after ``FAILURES_TO_OPEN`` failures in a row: for
``OPEN_SECONDS`` every call answers at once as if Redis were down, then one call tries again
(the others keep bypassing it meanwhile), and a success closes the circuit.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
breaker_logger = logging.getLogger(f"{__name__}.breaker")
LOG_EVERY_SECONDS = 10.0
FAILURES_TO_OPEN = 3
OPEN_SECONDS = 15.0
_last_logged = 0.0
# The breaker's clock (replaced by tests).
clock: Callable[[], float] = time.monotonic


def _log_outage(operation: str, error: Exception) -> None:
    global _last_logged
    now = time.monotonic()
    if now - _last_logged >= LOG_EVERY_SECONDS:
        _last_logged = now
        logger.warning(
            "cache unavailable (%s during %s): serving without cache, rate limits allowing",
            type(error).__name__,
            operation,
        )


class CircuitBreaker:
    """Closed (calls go through), open (calls are skipped) or trying again (one call goes)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.failures = 0
        self.retry_at = 0.0

    def allow(self) -> bool:
        with self._lock:
            if self.failures < FAILURES_TO_OPEN:
                return True
            now = clock()
            if now < self.retry_at:
                return False
            # Time to try again: this call goes, the others wait for its outcome.
            self.retry_at = now + OPEN_SECONDS
            return True

    def succeeded(self) -> None:
        if self.failures:
            with self._lock:
                if self.failures >= FAILURES_TO_OPEN:
                    breaker_logger.warning("cache answering again: no longer bypassed")
                self.failures = 0

    def failed(self) -> None:
        with self._lock:
            self.failures += 1
            if self.failures == FAILURES_TO_OPEN:
                self.retry_at = clock() + OPEN_SECONDS
                breaker_logger.warning(
                    "cache failed %s times in a row: bypassed for %s s (rate limits allowing)",
                    FAILURES_TO_OPEN,
                    OPEN_SECONDS,
                )


# One breaker per server and process, shared by the threads' cache objects (Django makes one
# cache object per thread).
_breakers: dict[str, CircuitBreaker] = {}
_breakers_lock = threading.Lock()


def breaker_for(location: str) -> CircuitBreaker:
    with _breakers_lock:
        return _breakers.setdefault(location, CircuitBreaker())


def breakers_reset() -> None:
    """Forget every server's failures (tests: each starts with closed circuits)."""
    with _breakers_lock:
        _breakers.clear()


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self.breaker = breaker_for(str(server))

    def _guarded(self, operation: str, call: Callable[[], Any], fallback: Callable[[], Any]):
        if not self.breaker.allow():
            return fallback()
        try:
            result = call()
        except RedisError as error:
            self.breaker.failed()
            _log_outage(operation, error)
            return fallback()
        self.breaker.succeeded()
        return result

    def get(self, key, default=None, version=None):
        return self._guarded(
            "get",
            lambda: super(ResilientRedisCache, self).get(key, default, version),
            lambda: default,
        )

    def get_many(self, keys, version=None):
        return self._guarded(
            "get_many", lambda: super(ResilientRedisCache, self).get_many(keys, version), dict
        )

    def has_key(self, key, version=None):
        return self._guarded(
            "has_key", lambda: super(ResilientRedisCache, self).has_key(key, version), lambda: False
        )

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(
            "add",
            lambda: super(ResilientRedisCache, self).add(key, value, timeout, version),
            lambda: False,
        )

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._guarded(
            "set",
            lambda: super(ResilientRedisCache, self).set(key, value, timeout, version),
            lambda: None,
        )

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(
            "set_many",
            lambda: super(ResilientRedisCache, self).set_many(data, timeout, version),
            lambda: list(data),
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(
            "touch",
            lambda: super(ResilientRedisCache, self).touch(key, timeout, version),
            lambda: False,
        )

    def delete(self, key, version=None):
        return self._guarded(
            "delete", lambda: super(ResilientRedisCache, self).delete(key, version), lambda: False
        )

    def delete_many(self, keys, version=None):
        return self._guarded(
            "delete_many",
            lambda: super(ResilientRedisCache, self).delete_many(keys, version),
            lambda: None,
        )

    def incr(self, key, delta=1, version=None):
        def missing():
            # As if the key were missing: callers start the count again.
            raise ValueError("cache unavailable")

        return self._guarded(
            "incr", lambda: super(ResilientRedisCache, self).incr(key, delta, version), missing
        )

    def clear(self):
        return self._guarded(
            "clear", lambda: super(ResilientRedisCache, self).clear(), lambda: False
        )

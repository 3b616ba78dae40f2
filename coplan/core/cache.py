"""A Redis cache that degrades to "no cache" while Redis is unreachable.

Apps use the cache for page fragments, counters and rate limits. When Redis stops, pages must
still be served (issue 11): reads miss, writes are dropped, ``incr`` behaves as if the key were
missing (callers then start again, and rate limits let requests through). Each outage is logged
as a warning at most once every ``LOG_EVERY_SECONDS`` per process, without keys or values.
"""

from __future__ import annotations

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
LOG_EVERY_SECONDS = 10.0
_last_logged = 0.0


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


class ResilientRedisCache(RedisCache):
    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except RedisError as error:
            _log_outage("get", error)
            return default

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except RedisError as error:
            _log_outage("get_many", error)
            return {}

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except RedisError as error:
            _log_outage("has_key", error)
            return False

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout, version)
        except RedisError as error:
            _log_outage("add", error)
            return False

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout, version)
        except RedisError as error:
            _log_outage("set", error)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set_many(data, timeout, version)
        except RedisError as error:
            _log_outage("set_many", error)
            return list(data)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version)
        except RedisError as error:
            _log_outage("touch", error)
            return False

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except RedisError as error:
            _log_outage("delete", error)
            return False

    def delete_many(self, keys, version=None):
        try:
            return super().delete_many(keys, version)
        except RedisError as error:
            _log_outage("delete_many", error)

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except RedisError as error:
            _log_outage("incr", error)
            # As if the key were missing: callers start the count again.
            raise ValueError("cache unavailable") from None

    def clear(self):
        try:
            return super().clear()
        except RedisError as error:
            _log_outage("clear", error)
            return False

"""Rate limits on public writes, per client and per account, kept in the shared cache.

Clients are identified by a keyed hash of their address: the address itself is never stored.
When the cache cannot be reached the request is allowed (failing open keeps the consultation
available; the outage is logged without any client detail).
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> Rate:
        count, seconds = text.split("/", 1)
        return cls(int(count), int(seconds))


def client_fingerprint(request: HttpRequest) -> str:
    """A keyed hash of the client's address: enough to count, useless to identify."""
    address = request.META.get("REMOTE_ADDR", "")
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()[:32]


def keyed_hash(value: str) -> str:
    """A keyed hash of an identifier (an address typed in a form): counts it, never reveals it."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, value.strip().lower().encode(), hashlib.sha256).hexdigest()[:32]


def is_allowed_for(scope: str, value: str) -> bool:
    """Count one attempt against an identifier (e.g. the account a sign-in names)."""
    return hit(scope, keyed_hash(value), Rate.parse(settings.COPLAN_RATE_LIMITS[scope]))


def hit(scope: str, identity: str, rate: Rate) -> bool:
    """Count one hit; return True when it is within the rate."""
    window = int(time.time() // rate.seconds)
    key = f"rl:{scope}:{identity}:{window}"
    try:
        added = cache.add(key, 1, timeout=rate.seconds + 1)
        current = 1 if added else cache.incr(key)
    except ValueError:
        # The key expired between add and incr: start the window again.
        cache.set(key, 1, timeout=rate.seconds + 1)
        current = 1
    except Exception:  # noqa: BLE001 - any cache outage
        logger.warning("rate limit cache unavailable for scope %s; allowing", scope)
        return True
    return current <= rate.count


def is_allowed(request: HttpRequest, scope: str = "public_write") -> bool:
    """Check the per-client limit and, for signed-in users, the per-account limit."""
    rates = settings.COPLAN_RATE_LIMITS
    allowed = hit(scope, client_fingerprint(request), Rate.parse(rates[scope]))
    account_scope = f"{scope}_account"
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and account_scope in rates:
        allowed = hit(account_scope, str(user.pk), Rate.parse(rates[account_scope])) and allowed
    return allowed


def too_many_requests(request: HttpRequest) -> HttpResponse:
    return render(request, "429.html", status=429)


def rate_limited(scope: str = "public_write", methods: tuple[str, ...] = ("POST",)) -> Callable:
    """Decorate a view so that its writes are rate limited; over the limit gives the 429 page."""

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs):
            if request.method in methods and not is_allowed(request, scope):
                return too_many_requests(request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator

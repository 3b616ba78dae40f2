"""CSRF tokens for cached pages, as Django makes them, drawn faster (issue 21).

A cached page's forms get each visitor's own token (`core.pagecache`). Django's `get_token`
draws each of the token's 64 characters (a new visitor's secret and its mask) by one call to
the system's random source: on a cached page for a new visitor, that cost more than everything
else the request did. Here the same characters come from one read, evenly; the token is masked
as Django masks it and checked by Django's CSRF middleware as any other.
"""

from __future__ import annotations

import secrets

from django.http import HttpRequest
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH

_CHARS = CSRF_ALLOWED_CHARS
_INDEX = {char: index for index, char in enumerate(_CHARS)}
# Random bytes below this are mapped onto the characters evenly (a multiple of their number).
_EVEN = 256 - 256 % len(_CHARS)


def _random_chars(count: int) -> str:
    """As Django's CSRF strings (`get_random_string` over the same characters), from one
    read of the system's random source instead of one draw per character."""
    found = ""
    while len(found) < count:
        found += "".join(
            _CHARS[byte % len(_CHARS)] for byte in secrets.token_bytes(count * 2) if byte < _EVEN
        )
    return found[:count]


def csrf_token(request: HttpRequest) -> str:
    """What Django's `get_token` returns and does (the secret in the visitor's cookie, or a
    new one, and the cookie sent again), masked as Django masks it."""
    secret = request.META.get("CSRF_COOKIE")
    if secret is None:
        secret = request.META["CSRF_COOKIE"] = _random_chars(CSRF_SECRET_LENGTH)
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    mask = _random_chars(CSRF_SECRET_LENGTH)
    size = len(_CHARS)
    cipher = "".join(
        _CHARS[(_INDEX[x] + _INDEX[y]) % size] for x, y in zip(secret, mask, strict=True)
    )
    return mask + cipher

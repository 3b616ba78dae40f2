"""The request path of a cached page, kept short (issue 21).

A visitor with no session cookie sees a cached public page exactly as every other such visitor
does, but for the CSRF token of its forms. Going through every middleware (sessions, sign-in,
second factor, messages, URL resolving...) for it cost more than reading the page from the
cache. `FastPageMiddleware`, first of all, answers such a request itself: the first time the
page is served in full, the response as it leaves the last middleware (every header: the
Content-Security-Policy, Vary, Content-Language, the security headers) is kept beside the
cached copy, with the versions that copy was kept under; a later request for the same address,
host and scheme gets those headers and body again, with its own CSRF token and cookie set by
Django's CSRF middleware itself, as long as the versions are still current and the day the
same. Anything else (a session or any other cookie, a write, an unknown address) goes the whole
way. `/healthz` goes through the middleware that put headers on every response, and no other.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.common import CommonMiddleware
from django.middleware.csrf import CsrfViewMiddleware
from django.middleware.security import SecurityMiddleware
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers

from .csrf_tokens import csrf_token
from .pagecache import (
    FAST_ATTRIBUTE,
    PAGE_CACHE_SECONDS,
    marked_body,
    page_digest,
    process_version,
    shown_version,
)
from .security import ContentSecurityPolicyMiddleware
from .views import healthz

_MARKER = b"__COPLAN_CSRF__"
HEALTH_PATH = "/healthz"
# While one request renders a page afresh after an additive change, the others are served the
# page as it was for at most this long (seconds): a stream of approvals and supports during a
# live consultation would otherwise have every visitor render the same page at once.
GRACE_SECONDS = 10


def _eligible(request: HttpRequest) -> bool:
    """A GET by a visitor whose only cookie, if any, is the CSRF one: nothing of theirs but
    the token shows on a cached page. A NUL in a cookie is refused by the whole way (400)."""
    if request.method != "GET" or not settings.COPLAN_PAGE_CACHE:
        return False
    if "\x00" in request.META.get("HTTP_COOKIE", ""):
        return False
    return all(name == settings.CSRF_COOKIE_NAME for name in request.COOKIES)


def _key(request: HttpRequest) -> str | None:
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    return f"pagefast:{request.scheme}:{host}:{page_digest(request)}"


def _health(request: HttpRequest) -> HttpResponse:
    """The health check with what LocaleMiddleware adds to an address without a language
    prefix (its language found as LocaleMiddleware finds it), without its translation set-up."""
    response = healthz(request)
    patch_vary_headers(response, ("Accept-Language",))
    response.headers["Content-Language"] = translation.get_language_from_request(request)
    return response


def _health_chain() -> Callable[[HttpRequest], HttpResponse]:
    """The health check wrapped in the middleware that put headers on every response (the
    others have nothing to do for it: no session, no form, no staff page), in their order."""
    return ContentSecurityPolicyMiddleware(
        SecurityMiddleware(CommonMiddleware(XFrameOptionsMiddleware(_health)))
    )


def _freshness(entry: tuple[Any, ...]) -> str:
    """ "fresh" while the versions the page was kept under are current; "grace" when only what
    additive changes bump has moved since (an idea approved, a support counted: `item_scope`s)
    and the process and every page stay as they were; otherwise "stale". A page in grace is
    served again while one request renders it afresh: a removal (hidden, rejected, redacted,
    erased) bumps the process or every page, and is never served late."""
    shown, version, hard, day = entry[:4]
    if day != timezone.localdate().isoformat():
        return "stale"
    if shown_version(shown) == version:
        return "fresh"
    if shown is not None and process_version(shown[0]) == hard:
        return "grace"
    return "stale"


class FastPageMiddleware:
    """Serve strangers' cached pages and the health check before the other middleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self._csrf = CsrfViewMiddleware(get_response)
        self._health = _health_chain()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == HEALTH_PATH and request.method == "GET" and not request.GET:
            return self._health(request)
        key = _key(request) if _eligible(request) else None
        if key is None:
            return self.get_response(request)
        entry = cache.get(key)
        lock, locked = f"pagefast:render:{key}", False
        if entry is not None:
            fresh = _freshness(entry)
            # One request renders the page afresh; the others get it in grace meanwhile.
            locked = fresh == "grace" and cache.add(lock, 1, GRACE_SECONDS)
            if fresh == "fresh" or (fresh == "grace" and not locked):
                return self._replay(request, entry)
        try:
            response = self.get_response(request)
            _keep(request, response, key)
        finally:
            if locked:
                cache.delete(lock)
        return response

    def _replay(self, request: HttpRequest, entry: tuple[Any, ...]) -> HttpResponse:
        headers, body = entry[-2:]
        self._csrf.process_request(request)
        if _MARKER in body:
            body = body.replace(_MARKER, csrf_token(request).encode())
        response = HttpResponse(body, headers=headers)
        if "Content-Length" in headers:
            response["Content-Length"] = str(len(body))
        response["X-Page-Cache"] = "hit"
        self._csrf.process_response(request, response)
        return response


def _keep(request: HttpRequest, response: HttpResponse, key: str) -> None:
    """Keep a stranger's cached page as it leaves the last middleware, if the page cache
    served or stored it for strangers (`pagecache`), under the versions it was kept under.
    Only pages under a language prefix: their language is the address's alone."""
    fast = getattr(request, FAST_ATTRIBUTE, None)
    if (
        fast is None
        or response.status_code != 200
        or response.streaming
        or any(name != settings.CSRF_COOKIE_NAME for name in response.cookies)
        or not translation.get_language_from_path(request.path_info)
    ):
        return
    shown, version, hard = fast
    headers = {name: value for name, value in response.headers.items() if name != "X-Page-Cache"}
    day = timezone.localdate().isoformat()
    entry = (shown, version, hard, day, headers, marked_body(response))
    cache.set(key, entry, timeout=PAGE_CACHE_SECONDS)

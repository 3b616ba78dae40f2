"""Whole-page cache for public pages that every visitor sees alike, but for a few holes.

A national consultation's first hours are mostly reads of a few pages. Those pages are cached per
path and language for a short time and dropped at once when the content they show changes (models
connected with `invalidate_on`). Forms on cached pages still get a fresh CSRF token per visitor:
the token is swapped in on every hit.

`anonymous_page_cache` serves only visitors who are not signed in. `page_cache` also serves
participants who have a session or an account: what is theirs alone (their pending ideas, their
supports) is a *personal hole*, marked in the template with `{% personal "name" argument %}`
and rendered per request by the function registered under that name with `register_personal`.
The cached copy holds a marker where the hole is; signed-in and anonymous visitors have separate
copies (the header differs), and staff are never served from the cache (their pages carry
working tools and they are few).
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.translation import get_language

from .csrf_tokens import csrf_token
from .pageversions import (
    GLOBAL_SCOPE,
    _version,
    bump_content_version,
    bump_items,
    bump_items_at_most_every,
    bump_process_version,
    content_version,
    invalidate_on,
    item_scope,
    process_counts_scope,
    process_version,
)

# What other apps import from here, though it lives in core.pageversions.
__all__ = [
    "GLOBAL_SCOPE",
    "bump_content_version",
    "bump_items",
    "bump_items_at_most_every",
    "bump_process_version",
    "content_version",
    "invalidate_on",
    "item_scope",
    "process_counts_scope",
    "process_version",
]

PAGE_CACHE_SECONDS = 60
_TOKEN = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
_MARKER = b"__COPLAN_CSRF__"
# Renderers of personal holes put this where a CSRF token goes (render their template with
# {"csrf_token": CSRF_PLACEHOLDER}): the visitor's own token replaces it, so a hole's HTML can
# be kept for every visitor in the same state.
CSRF_PLACEHOLDER = _MARKER.decode()
_PERSONAL = re.compile(rb"<!--coplan:personal:([a-z_]{1,40}):([0-9a-z_:-]{0,80})-->")
_CACHING_ATTRIBUTE = "_coplan_page_caching"
# Set on a request whose page was served or stored for strangers: (what it shows, the version
# it was kept under), for `pagecache_fast` to keep the whole response beside it.
FAST_ATTRIBUTE = "_coplan_fast_page"
_NOT_CACHEABLE_ATTRIBUTE = "_coplan_not_cacheable"
_personal_renderers: dict[str, Callable[[HttpRequest, str], str]] = {}


def _cacheable(request: HttpRequest) -> bool:
    if not settings.COPLAN_PAGE_CACHE:
        return False
    if request.method != "GET" or request.user.is_authenticated:
        return False
    messages = getattr(request, "_messages", None)
    return not (messages is not None and len(messages))


def anonymous_page_cache(view: Callable) -> Callable:
    """Serve anonymous GETs of this view from the cache (see module docstring)."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
        key = (
            f"page:{content_version()}:{get_language()}:{timezone.localdate().isoformat()}:{digest}"
        )
        cached = cache.get(key)
        if cached is not None:
            status, content_type, body = cached
            if _MARKER in body:
                token = csrf_token(request).encode()
                body = body.replace(_MARKER, token)
            response = HttpResponse(body, status=status, content_type=content_type)
            response["X-Page-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            body = _TOKEN.sub(rb"\1" + _MARKER + rb"\2", response.content)
            cache.set(
                key,
                (response.status_code, response["Content-Type"], body),
                timeout=PAGE_CACHE_SECONDS,
            )
        return response

    return wrapped


def register_personal(name: str, renderer: Callable[[HttpRequest, str], str]) -> None:
    """`renderer(request, argument)` returns the HTML of a personal hole (escaped by it)."""
    if not re.fullmatch(r"[a-z_]{1,40}", name):
        raise ValueError(f"Bad personal hole name {name!r}")
    _personal_renderers[name] = renderer


def personal(request: HttpRequest | None, name: str, argument: str = "") -> str:
    """The hole's HTML for this request, or its marker while a page is rendered for the cache."""
    argument = str(argument)
    if not re.fullmatch(r"[0-9a-z_:-]{0,80}", argument):
        raise ValueError(f"Bad personal hole argument {argument!r}")
    if request is not None and getattr(request, _CACHING_ATTRIBUTE, False):
        return f"<!--coplan:personal:{name}:{argument}-->"
    if request is None:
        return ""
    return _render_hole(request, name, argument).replace(CSRF_PLACEHOLDER, csrf_token(request))


def not_cacheable(request: HttpRequest) -> None:
    """Tell `page_cache` that this response belongs to this visitor alone (e.g. their own
    pending idea): it is neither stored nor rendered with holes."""
    setattr(request, _NOT_CACHEABLE_ATTRIBUTE, True)
    setattr(request, _CACHING_ATTRIBUTE, False)


def _visitor_state(request: HttpRequest) -> str | None:
    """A digest of everything a hole may depend on besides the content version: the account and
    the session's contents. None for a stranger (nothing of theirs to remember). Worked out
    once per request, whatever the number of holes."""
    if not hasattr(request, "_coplan_visitor_state"):
        request._coplan_visitor_state = _visitor_digest(request)
    return request._coplan_visitor_state


def _visitor_digest(request: HttpRequest) -> str | None:
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    user_pk = user.pk if user is not None and user.is_authenticated else None
    session_key = session.session_key if session is not None else None
    if user_pk is None and not session_key:
        return None
    items = sorted((key, repr(value)) for key, value in session.items()) if session_key else []
    return hashlib.sha256(repr((user_pk, session_key, items)).encode()).hexdigest()[:32]


def _render_hole(request: HttpRequest, name: str, argument: str) -> str:
    """A hole's HTML (with CSRF placeholders). What a hole shows changes only with the content
    (every moderation decision and support bumps the version) or with the visitor's own session
    or account, so it is kept under both, briefly; strangers all share one copy."""
    renderer = _personal_renderers.get(name)
    if renderer is None:
        return ""
    state = _visitor_state(request) or "stranger"
    # Under the version the page itself is kept under: on a process's page, that process's
    # (a support there changes what the support hole shows, and bumps only that process).
    version = getattr(request, "_coplan_process_version", None) or content_version()
    key = f"hole:{version}:{get_language()}:{state}:{name}:{argument}"
    html = cache.get(key)
    if html is None:
        html = str(conditional_escape(renderer(request, argument)))
        cache.set(key, html, timeout=PAGE_CACHE_SECONDS)
    return html


def _fill_holes(request: HttpRequest, body: bytes) -> bytes:
    """The body with every hole rendered for this visitor; CSRF placeholders are left for the
    caller to fill."""
    if b"<!--coplan:personal:" not in body:
        return body
    return _PERSONAL.sub(
        lambda match: _render_hole(
            request, match.group(1).decode(), match.group(2).decode()
        ).encode(),
        body,
    )


def page_cache(view: Callable) -> Callable:
    """Serve GETs of this view from the cache to everyone but staff (see module docstring)."""
    return _page_cache(view, None)


def process_page_cache(page_name: Callable[..., str]) -> Callable[[Callable], Callable]:
    """`page_cache` for a page that shows one process's content: `page_name(**view_kwargs)`
    names what the address points to ("process:<slug>"), and the view calls
    `page_shows_process(request, process.pk, *items)`. The cached copy is then kept until that
    process, one of those items or what every process shows changes (`process_version`), not
    until any change anywhere."""

    def decorator(view: Callable) -> Callable:
        return _page_cache(view, page_name)

    return decorator


def _page_cache(view: Callable, page_name: Callable[..., str] | None) -> Callable:
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if _bypasses_cache(request):
            return view(request, *args, **kwargs)
        keys = _PageKeys.for_request(request, page_name, kwargs)
        cached = keys.served(request)
        if cached is not None:
            return cached
        setattr(request, _CACHING_ATTRIBUTE, True)
        try:
            response = view(request, *args, **kwargs)
        finally:
            setattr(request, _CACHING_ATTRIBUTE, False)
        if response.streaming:
            return response
        if (
            response.status_code == 200
            and not response.cookies
            and not getattr(request, _NOT_CACHEABLE_ATTRIBUTE, False)
        ):
            keys.store(request, response)
        body = _fill_holes(request, response.content)
        if _MARKER in body:
            body = body.replace(_MARKER, csrf_token(request).encode())
        response.content = body
        return response

    return wrapped


def _bypasses_cache(request: HttpRequest) -> bool:
    """Staff, writes and pages carrying a flash message are never served from the cache."""
    user = getattr(request, "user", None)
    staff = user is not None and user.is_authenticated and (user.is_staff or user.is_superuser)
    return (
        not settings.COPLAN_PAGE_CACHE
        or request.method != "GET"
        or bool(staff)
        or _has_messages(request)
    )


class _PageKeys:
    """Where one request's page is kept: under the version of what the address shows (once
    known), per language, kind of visitor and day. Strangers (no account, no session) all see
    the same holes: their copy is also kept with the holes filled in, so serving it is one
    cache read."""

    def __init__(self, request: HttpRequest, shown: tuple | None) -> None:
        user = getattr(request, "user", None)
        self.signed_in = bool(user is not None and user.is_authenticated)
        self.stranger = not self.signed_in and not getattr(
            getattr(request, "session", None), "session_key", None
        )
        self.digest = page_digest(request)
        self.shown = shown
        # Until the view has said which process (and items) the address shows, the copy is
        # kept under the version every change bumps.
        hard = None
        if shown is None:
            version = content_version()
            self._keys(version)
        else:
            hard = _hard_version(shown)  # first: see `page_shows_process`
            version = request._coplan_process_version = process_version(*shown)
            self._keys(f"p{version}")
        self.fast = (shown, version, hard)

    @classmethod
    def for_request(
        cls, request: HttpRequest, page_name: Callable[..., str] | None, kwargs: dict
    ) -> _PageKeys:
        shown = None
        if page_name is not None:
            request._coplan_page_name = page_name(**kwargs)
            shown = cache.get(_id_key(request._coplan_page_name))
        return cls(request, shown)

    def _keys(self, version: str) -> None:
        self.key = (
            f"page:{version}:{get_language()}:{'u' if self.signed_in else 'a'}:"
            f"{timezone.localdate().isoformat()}:{self.digest}"
        )
        self.stranger_key = f"{self.key}:stranger" if self.stranger else None

    def served(self, request: HttpRequest) -> HttpResponse | None:
        """The cached page for this visitor, or None."""
        if self.stranger_key:
            cached = cache.get(self.stranger_key)
            if cached is not None:
                setattr(request, FAST_ATTRIBUTE, self.fast)
                return _cached_response(request, cached)
        cached = cache.get(self.key)
        if cached is None:
            return None
        status, content_type, body = cached
        filled = (status, content_type, _fill_holes(request, body))
        if self.stranger_key:
            cache.set(self.stranger_key, filled, timeout=PAGE_CACHE_SECONDS)
            setattr(request, FAST_ATTRIBUTE, self.fast)
        return _cached_response(request, filled)

    def store(self, request: HttpRequest, response: HttpResponse) -> None:
        """Keep the rendered page, its CSRF token replaced by the marker."""
        stored = marked_body(response)
        content_type = response["Content-Type"]
        # The view said which process it shows: the copy goes under that process's version
        # as read when it said so (before reading what it shows).
        scoped = getattr(request, "_coplan_process_version", None)
        if self.shown is None and scoped is not None:
            self._keys(f"p{scoped}")
            self.fast = (request._coplan_shown, scoped, request._coplan_hard_version)
        cache.set(self.key, (200, content_type, stored), timeout=PAGE_CACHE_SECONDS)
        if self.stranger_key:
            cache.set(
                self.stranger_key,
                (200, content_type, _fill_holes(request, stored)),
                timeout=PAGE_CACHE_SECONDS,
            )
            setattr(request, FAST_ATTRIBUTE, self.fast)


def _cached_response(request: HttpRequest, cached: tuple) -> HttpResponse:
    """A cached page (holes filled) with this visitor's CSRF token."""
    status, content_type, body = cached
    if _MARKER in body:
        body = body.replace(_MARKER, csrf_token(request).encode())
    response = HttpResponse(body, status=status, content_type=content_type)
    response["X-Page-Cache"] = "hit"
    return response


def _has_messages(request: HttpRequest) -> bool:
    messages = getattr(request, "_messages", None)
    return messages is not None and bool(len(messages))


def _id_key(name: str) -> str:
    digest = hashlib.sha256(name.encode()).hexdigest()[:32]
    return f"pagecache:shown:{_version(GLOBAL_SCOPE)}:{digest}"


def page_shows_process(request: HttpRequest, process_id: int, *items: str) -> None:
    """Called by a view under `process_page_cache`: this address shows that process's
    content, and these items (`item_scope`) of it. Remembered (until the next change not tied
    to one process, a process's address renamed...) so the next visits are keyed by their
    versions (`process_version`), with no query."""
    name = getattr(request, "_coplan_page_name", None)
    if name is not None:
        shown = (int(process_id), *items)
        cache.set(_id_key(name), shown, timeout=PAGE_CACHE_SECONDS * 60)
        # The process's own version first: read before the items' (as `process_version`
        # reads them), a removal made in between is never kept under the items' new version.
        request._coplan_hard_version = _hard_version(shown)
        request._coplan_process_version = process_version(*shown)
        request._coplan_shown = shown


def _hard_version(shown: tuple[Any, ...] | None) -> str | None:
    """The version of what only removals and other changes that must show at once bump (a
    process's, every page's), without the items that additive changes bump."""
    return None if shown is None else process_version(shown[0])


def page_digest(request: HttpRequest) -> str:
    """The address (path and query) a cached page is kept under."""
    return hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]


def shown_version(shown: tuple[Any, ...] | None) -> str:
    """The version a page showing `shown` (`page_shows_process`, or None: anything) is kept
    under, without the "p" of a process's."""
    return content_version() if shown is None else process_version(*shown)


def marked_body(response: HttpResponse) -> bytes:
    """The response's body with its CSRF tokens replaced by the marker."""
    return _TOKEN.sub(rb"\1" + _MARKER + rb"\2", response.content)

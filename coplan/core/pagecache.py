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
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.translation import get_language

from .stamps import ITEM_SCOPE
from .stamps import bump as _bump_stamp
from .stamps import file_stamp as _stamp
from .stamps import scope_key as _scope_key
from .stamps import shared_stamp_file as _shared_stamp_file

PAGE_CACHE_SECONDS = 60
_TOKEN = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
_MARKER = b"__COPLAN_CSRF__"
# Renderers of personal holes put this where a CSRF token goes (render their template with
# {"csrf_token": CSRF_PLACEHOLDER}): the visitor's own token replaces it, so a hole's HTML can
# be kept for every visitor in the same state.
CSRF_PLACEHOLDER = _MARKER.decode()
_PERSONAL = re.compile(rb"<!--coplan:personal:([a-z_]{1,40}):([0-9a-z_:-]{0,80})-->")
_CACHING_ATTRIBUTE = "_coplan_page_caching"
_NOT_CACHEABLE_ATTRIBUTE = "_coplan_not_cacheable"
_personal_renderers: dict[str, Callable[[HttpRequest, str], str]] = {}


# Each process remembers the version it read for this long: with Redis, reading it on every
# request was a network round trip per page. A change made by this process is seen at once;
# one made by another process within this time.
VERSION_MEMO_SECONDS = 1.0
# Besides the version every change bumps (scope ""), a change that concerns one process alone
# bumps that process's counter, and a change that may concern any process the global one. A
# page showing one process's content is keyed by these two (`process_page_cache`): during a
# live consultation, approving an idea in one process leaves the other processes' pages cached.
# Narrower still, an item scope (`item_scope`: one idea, one call's list, one process page's
# counts) is bumped by a change that only the pages showing that item show: approving an idea
# drops its page, its list and its process's counts, and leaves the other ideas' pages cached.
# Each version is shared by every web process (`core.stamps`).
GLOBAL_SCOPE = "global"
_version_memo: dict[str, tuple[float, str]] = {}


def _version(scope: str = "") -> str:
    """The counter of one scope ("" for every change), with its shared file's stamp."""
    now = time.monotonic()
    memo = _version_memo.get(scope)
    if memo is not None and now - memo[0] < VERSION_MEMO_SECONDS:
        return memo[1]
    key = _scope_key(scope)
    version = cache.get(key)
    if version is None:
        version = 1
        cache.add(key, version, timeout=None)
    shared = _shared_stamp_file(scope)
    combined = f"{version}" if shared is None else f"{version}.{_stamp(shared)}"
    _version_memo[scope] = (now, combined)
    return combined


def content_version() -> str:
    """Changes with every change to what public pages show."""
    return _version()


def item_scope(kind: str, pk: int) -> str:
    """The scope of one item a few pages show ("idea", 12): see `process_version`."""
    scope = f"{kind}-{int(pk)}"
    if not ITEM_SCOPE.fullmatch(scope) or kind == "process":
        raise ValueError(f"Bad item scope {scope!r}")
    return scope


def process_counts_scope(process_id: int) -> str:
    """What the process page shows of its contributions (`process_version`)."""
    return item_scope("counts", process_id)


def process_version(process_id: int, *items: str) -> str:
    """Changes with every change to this process's content, or to what all processes show,
    and with every change to these items (`item_scope`) that their pages alone show."""
    versions = [_version(GLOBAL_SCOPE), _version(f"process-{int(process_id)}")]
    versions += [_version(scope) for scope in items]
    return ".".join(versions)


def _bump_scope(scope: str) -> None:
    _bump_stamp(scope)
    _version_memo.pop(scope, None)


def _bump(process_ids: frozenset[int] | None = None) -> None:
    """Bump every change's version and, for a change of these processes alone, their
    counters; for any other change, the global one."""
    _bump_scope("")
    if process_ids is None:
        _bump_scope(GLOBAL_SCOPE)
    else:
        for process_id in process_ids:
            _bump_scope(f"process-{process_id}")


def bump_content_version(**kwargs) -> None:
    """Drop every cached page (their keys carry the version), now and again once the
    change's transaction commits: a page another process renders in between, from the data
    before the commit, would otherwise be kept under the new version. Connected to a model by
    `invalidate_on`, a saved or deleted row that belongs to one process (a `process_id` set)
    drops only the pages of that process and those not tied to one."""
    process_id = getattr(kwargs.get("instance"), "process_id", None)
    if isinstance(process_id, int):
        bump_process_version(process_id)
        return
    _bump()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_bump)


def bump_process_version(*process_ids: int) -> None:
    """Drop the cached pages of these processes and every page not tied to one process (the
    home page, plans, commitments...); other processes' pages stay. For a change that concerns
    these processes' content alone (a moderation decision on their contributions)."""
    scoped = frozenset(int(process_id) for process_id in process_ids)
    _bump(scoped)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _bump(scoped))


def bump_items(*items: str) -> None:
    """Drop the cached pages that show these items (`item_scope`) and keep every other page:
    for a change that only the pages showing them show (an idea approved: its page, its call's
    list, its process's counts). Now and again once the change's transaction commits."""
    scopes = frozenset(items)

    def bump() -> None:
        for scope in scopes:
            _bump_scope(scope)

    bump()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(bump)


def bump_items_at_most_every(seconds: float, reason: str, *items: str) -> None:
    """For frequent small changes to the counts some items' pages show (a support adds one to
    an idea's count): drop those pages, each item at most once every `seconds` per reason. No
    other page shows these counts, so the rest stays cached: during a live consultation
    supports would otherwise drop whole processes several times a second. Called once the
    change is committed."""
    for scope in items:
        if cache.add(f"pagecache:soon:{reason}:{scope}", 1, timeout=seconds):
            _bump_scope(scope)


def invalidate_on(*models) -> None:
    """Cached pages are dropped when any of these models is saved or deleted."""
    for model in models:
        post_save.connect(
            bump_content_version,
            sender=model,
            weak=False,
            dispatch_uid=f"pagecache-save-{model._meta.label}",
        )
        post_delete.connect(
            bump_content_version,
            sender=model,
            weak=False,
            dispatch_uid=f"pagecache-delete-{model._meta.label}",
        )


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
                token = get_token(request).encode()
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
    return _render_hole(request, name, argument).replace(CSRF_PLACEHOLDER, get_token(request))


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
        user = getattr(request, "user", None)
        signed_in = bool(user is not None and user.is_authenticated)
        if (
            not settings.COPLAN_PAGE_CACHE
            or request.method != "GET"
            or (signed_in and (user.is_staff or user.is_superuser))
            or _has_messages(request)
        ):
            return view(request, *args, **kwargs)
        digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
        shown = None
        if page_name is not None:
            request._coplan_page_name = page_name(**kwargs)
            shown = cache.get(_id_key(request._coplan_page_name))
        # Until the view has said which process (and items) the address shows, the copy is
        # kept under the version every change bumps.
        if shown is None:
            version = content_version()
        else:
            request._coplan_process_version = process_version(*shown)
            version = f"p{request._coplan_process_version}"
        stranger = not signed_in and not getattr(
            getattr(request, "session", None), "session_key", None
        )

        def keys(version: str) -> tuple[str, str | None]:
            key = (
                f"page:{version}:{get_language()}:{'u' if signed_in else 'a'}:"
                f"{timezone.localdate().isoformat()}:{digest}"
            )
            # Strangers (no account, no session) all see the same holes: their copy is kept
            # with the holes filled in, so serving it is one cache read.
            return key, f"{key}:stranger" if stranger else None

        key, stranger_key = keys(version)
        if stranger_key:
            cached = cache.get(stranger_key)
            if cached is not None:
                return _cached_response(request, cached)
        cached = cache.get(key)
        if cached is not None:
            status, content_type, body = cached
            filled = (status, content_type, _fill_holes(request, body))
            if stranger_key:
                cache.set(stranger_key, filled, timeout=PAGE_CACHE_SECONDS)
            return _cached_response(request, filled)
        setattr(request, _CACHING_ATTRIBUTE, True)
        try:
            response = view(request, *args, **kwargs)
        finally:
            setattr(request, _CACHING_ATTRIBUTE, False)
        if response.streaming:
            return response
        body = response.content
        if (
            response.status_code == 200
            and not response.cookies
            and not getattr(request, _NOT_CACHEABLE_ATTRIBUTE, False)
        ):
            stored = _TOKEN.sub(rb"\1" + _MARKER + rb"\2", body)
            content_type = response["Content-Type"]
            # The view said which process it shows: the copy goes under that process's version
            # as read when it said so (before reading what it shows).
            scoped = getattr(request, "_coplan_process_version", None)
            if shown is None and scoped is not None:
                key, stranger_key = keys(f"p{scoped}")
            cache.set(key, (200, content_type, stored), timeout=PAGE_CACHE_SECONDS)
            if stranger_key:
                cache.set(
                    stranger_key,
                    (200, content_type, _fill_holes(request, stored)),
                    timeout=PAGE_CACHE_SECONDS,
                )
        body = _fill_holes(request, body)
        if _MARKER in body:
            body = body.replace(_MARKER, get_token(request).encode())
        response.content = body
        return response

    return wrapped


def _cached_response(request: HttpRequest, cached: tuple) -> HttpResponse:
    """A cached page (holes filled) with this visitor's CSRF token."""
    status, content_type, body = cached
    if _MARKER in body:
        body = body.replace(_MARKER, get_token(request).encode())
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
        request._coplan_process_version = process_version(*shown)

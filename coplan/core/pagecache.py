"""Whole-page cache for anonymous visitors of public pages that every visitor sees alike.

A national consultation's first hours are mostly anonymous reads of a few pages. Those pages are
cached per path and language for a short time and dropped at once when the content they show
changes (models connected with `invalidate_on`). Forms on cached pages still get a fresh CSRF
token per visitor: the token is swapped in on every hit.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.translation import get_language

PAGE_CACHE_SECONDS = 60
VERSION_KEY = "pagecache:version"
_TOKEN = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
_MARKER = b"__COPLAN_CSRF__"


def content_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = 1
        cache.add(VERSION_KEY, version, timeout=None)
    return version


def bump_content_version(**kwargs) -> None:
    """Drop every cached page (their keys carry the version)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)


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

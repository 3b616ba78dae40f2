"""Page addresses that are stored (page feedback) never keep a secret.

Confirmation, access, sign-in and registration links carry a signed token in their path; whoever
holds the address holds what the token opens. Such pages show no page-feedback widget (their
route has a token argument, or the view says so with `no_page_feedback`), and every address that
is stored passes through `page_address_clean`, which drops the query string and any token
segment.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils import translation

# URL arguments that hold a secret (signed tokens, and the account id that goes with one).
SECRET_ARGUMENTS = frozenset({"token", "uidb64"})
_FLAG = "coplan_no_page_feedback"


def no_page_feedback(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Mark a view whose page holds a secret some other way (query string, session): no
    page-feedback widget on it."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        setattr(request, _FLAG, True)
        return view(request, *args, **kwargs)

    return wrapped


def page_holds_secret(request: HttpRequest | None) -> bool:
    """True on a page whose address is a key (a token in its route) or whose view says so."""
    if request is None:
        return False
    if getattr(request, _FLAG, False):
        return True
    match = getattr(request, "resolver_match", None)
    return bool(match is not None and SECRET_ARGUMENTS & set(match.kwargs))


def _language_root() -> str:
    return f"/{translation.get_language() or settings.LANGUAGE_CODE}/"


def page_address_clean(address: str) -> str:
    """The page's path without query string, fragment or token segments.

    A path the site does not know is reduced to its language's home: it may be a token link
    mistyped or expired, and only a known route tells which segments are secret.
    """
    path = urlsplit(address).path
    language = path[1:3]
    if not path.startswith(("/en/", "/fr/")):
        return _language_root()
    with translation.override(language):
        try:
            match = resolve(path)
        except Resolver404:
            return f"/{language}/"
    secrets = {str(match.kwargs[name]) for name in SECRET_ARGUMENTS & set(match.kwargs)}
    if not secrets:
        return path
    kept = [segment for segment in path.split("/") if segment not in secrets]
    return "/".join(kept)

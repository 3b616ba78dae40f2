"""Who is taking part: an account, or an anonymous browser session.

Anonymous visitors are told apart by a keyed hash of their session key, so that "support once
per person" and "flag once per person" hold without storing anything that identifies them. The
ids of what an anonymous visitor sent are kept in their session so they can see their own
pending items and their state.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.http import HttpRequest

OWN_SESSION_KEY = "coplan_own_contributions"
SUPPORTED_SESSION_KEY = "coplan_supported_ideas"
# Enough for any real visit; a session never grows without bound.
OWN_REMEMBERED = 100


def visitor_key(request: HttpRequest) -> str:
    """A stable key for the person behind this request ("user:<pk>" or a session hash)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    if not request.session.session_key:
        request.session.save()
    digest = hmac.new(
        settings.SECRET_KEY.encode(), request.session.session_key.encode(), hashlib.sha256
    ).hexdigest()
    return f"anon:{digest[:40]}"


def existing_visitor_key(request: HttpRequest) -> str | None:
    """The key if the visitor already has one (reading pages never creates a session)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    if not request.session.session_key:
        return None
    return visitor_key(request)


def remember_own(request: HttpRequest, contribution_id: int) -> None:
    own = [pk for pk in request.session.get(OWN_SESSION_KEY, []) if pk != contribution_id]
    request.session[OWN_SESSION_KEY] = [contribution_id, *own][:OWN_REMEMBERED]


def remember_support(request: HttpRequest, idea_pk: int) -> None:
    """Note in the visitor's session the idea they just supported. Their personal holes (the
    support button) are kept per visitor state, which the session's contents are part of: the
    note makes them rendered again at once, even when the supports' throttled invalidation
    (`pagescopes.support_drops_pages`) left the page's version as it was."""
    supported = [pk for pk in request.session.get(SUPPORTED_SESSION_KEY, []) if pk != idea_pk]
    request.session[SUPPORTED_SESSION_KEY] = [idea_pk, *supported][:OWN_REMEMBERED]


def own_ids(request: HttpRequest) -> list[int]:
    return [pk for pk in request.session.get(OWN_SESSION_KEY, []) if isinstance(pk, int)]


def author_of(request: HttpRequest):
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None

"""Read replica routing: anonymous page reads may go to the replica, everything else to primary.

A replica lags behind the primary by a little. It is safe to read from it only where a stale
answer cannot mislead: a GET or HEAD by a visitor without any session or CSRF cookie (so no
"my own contribution is missing" and no staff screen), outside staff pages, the admin, the
account pages and the API writes. Those requests are most of the traffic of a consultation's
first hours. Writes always go to the primary, and so do reads in any other request.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
_replica_allowed: ContextVar[bool] = ContextVar("replica_allowed", default=False)

PRIMARY_ONLY_PATH_PARTS = ("/staff/", "/admin/", "/account/", "/privacy/")
SAFE_METHODS = frozenset({"GET", "HEAD"})


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def request_may_use_replica(request: HttpRequest) -> bool:
    """True for an anonymous read of a public page (see the module's docstring)."""
    if request.method not in SAFE_METHODS:
        return False
    if (
        settings.SESSION_COOKIE_NAME in request.COOKIES
        or settings.CSRF_COOKIE_NAME in request.COOKIES
    ):
        return False
    return not any(part in request.path for part in PRIMARY_ONLY_PATH_PARTS)


class ReplicaRoutingMiddleware:
    """Mark the requests whose reads may be served by the replica."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not replica_configured() or not request_may_use_replica(request):
            return self.get_response(request)
        token = _replica_allowed.set(True)
        try:
            return self.get_response(request)
        finally:
            _replica_allowed.reset(token)


class PrimaryReplicaRouter:
    """Route reads of marked requests to the replica; all writes and migrations to primary."""

    def db_for_read(self, model, **hints) -> str:
        if _replica_allowed.get() and replica_configured():
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints) -> str:
        return "default"

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        # Primary and replica hold the same data: objects from either may be related.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints) -> bool:
        return db == "default"

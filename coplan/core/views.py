from __future__ import annotations

import logging
import sys
import time

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import http_date
from django.views.decorators.cache import never_cache

from .models import JobProgress
from .permissions import staff_permission

logger = logging.getLogger(__name__)


_HEALTHY = b'{"status": "ok"}'
# What `never_cache` writes, written at once: a load balancer asks many times a second.
_NEVER_CACHE = "max-age=0, no-cache, no-store, must-revalidate, private"


def healthz(request: HttpRequest) -> HttpResponse:
    """The process is up and answers (no dependency checked: `readyz` does)."""
    response = HttpResponse(_HEALTHY, content_type="application/json")
    response.headers["Expires"] = http_date(time.time())
    response.headers["Cache-Control"] = _NEVER_CACHE
    return response


@never_cache
def readyz(request: HttpRequest) -> HttpResponse:
    """Ready to serve: the database and the cache answer."""
    checks = {"database": False, "cache": False}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = True
    except Exception:  # noqa: BLE001 - any failure means not ready
        logger.warning("readiness: database unavailable")
    try:
        cache.set("readyz", "1", timeout=5)
        checks["cache"] = cache.get("readyz") == "1"
    except Exception:  # noqa: BLE001
        logger.warning("readiness: cache unavailable")
    ready = all(checks.values())
    return JsonResponse(
        {"status": "ready" if ready else "unavailable", **checks}, status=200 if ready else 503
    )


@staff_permission("core.view_progress")
def job_progress(request: HttpRequest, pk) -> HttpResponse:
    """Staff see how far a long job has come; the page refreshes itself until it ends."""
    job = get_object_or_404(JobProgress, pk=pk)
    return render(request, "core/job_progress.html", {"job": job})


# Error pages render without touching the database: the one that failed may be the database.
# Their context replaces the lazy `user` and `messages` (which read the session) with values
# that need nothing, so the base template's "Sign in" link and message list cost no query.
DATABASE_DOWN_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def _standalone_context() -> dict:
    return {"user": AnonymousUser(), "messages": [], "perms": {}}


def _render_error(
    request: HttpRequest, template: str, status: int, *, reason: str = ""
) -> HttpResponse:
    if request.path_info.startswith("/api/"):
        # The API answers in JSON, its errors too (the same shape as its own: {"detail"}).
        response: HttpResponse = JsonResponse({"detail": API_ERRORS[status]}, status=status)
    else:
        context = {**_standalone_context(), "reason": reason}
        response = render(request, template, context, status=status)
    response["Cache-Control"] = "no-store"
    return response


# The API's own messages are in English, like its schema's field names.
API_ERRORS = {
    400: "Bad request.",
    403: "Forbidden.",
    404: "Not found.",
    500: "Server error.",
    503: "Service unavailable: try again shortly.",
}


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    return _render_error(request, "400.html", 400)


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    if request.path_info.startswith("/api/"):
        return _render_error(request, "403.html", 403)
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    if request.path_info.startswith("/api/"):
        return _render_error(request, "404.html", 404)
    return render(request, "404.html", status=404)


def service_unavailable(request: HttpRequest) -> HttpResponse:
    """The database (or another backing service) cannot answer: ask people to come back."""
    response = _render_error(request, "503.html", 503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """An unexpected error; a database outage is a 503 "come back soon", not a 500."""
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_DOWN_ERRORS):
        logger.error("database unavailable while serving a request: %s", type(error).__name__)
        return service_unavailable(request)
    return _render_error(request, "500.html", 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without its security token: a clear, translated 403 (nothing is stored)."""
    return _render_error(request, "403_csrf.html", 403)

from __future__ import annotations

import logging

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache

from .models import JobProgress

logger = logging.getLogger(__name__)


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """The process is up (no dependency checked)."""
    return JsonResponse({"status": "ok"})


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


@login_required
def job_progress(request: HttpRequest, pk) -> HttpResponse:
    """Staff see how far a long job has come; the page refreshes itself until it ends."""
    if not request.user.is_staff:
        return permission_denied(request, None)
    job = get_object_or_404(JobProgress, pk=pk)
    return render(request, "core/job_progress.html", {"job": job})


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)

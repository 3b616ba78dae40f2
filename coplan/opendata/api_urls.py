"""The public API under /api/ (outside the language prefix): rate limited, cacheable, ETags."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path
from django.views.decorators.http import require_safe
from django.views.generic import RedirectView

from coplan.core.ratelimit import Rate, client_fingerprint, hit

from .api import api

app_name = "api"

# Per client (keyed hash of the address), over a fixed window; COPLAN_RATE_API overrides it.
DEFAULT_API_RATE = "120/60"
API_CACHE_SECONDS = 60


def api_rate() -> Rate:
    return Rate.parse(getattr(settings, "COPLAN_RATE_API", DEFAULT_API_RATE))


def public_api(view: Callable) -> Callable:
    """Rate limit per client (429 JSON), then make the answer cacheable with a strong ETag."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        rate = api_rate()
        if not hit("api", client_fingerprint(request), rate):
            response = JsonResponse(
                {"detail": "Too many requests: slow down and try again shortly."}, status=429
            )
            response["Retry-After"] = str(rate.seconds)
            response["Cache-Control"] = "no-store"
            return response
        response = view(request, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            etag = '"' + hashlib.sha256(response.content).hexdigest()[:40] + '"'
            response["ETag"] = etag
            response["Cache-Control"] = f"public, max-age={API_CACHE_SECONDS}"
            response["Vary"] = "Accept-Encoding"
            wanted = request.headers.get("If-None-Match", "")
            if etag in {tag.strip() for tag in wanted.split(",")} or wanted.strip() == "*":
                not_modified = HttpResponse(status=304)
                not_modified["ETag"] = etag
                not_modified["Cache-Control"] = response["Cache-Control"]
                return not_modified
        elif response.status_code >= 400:
            if not response.get("Content-Type", "").startswith("application/json"):
                # django-ninja answers a wrong method (405) in plain text: errors are JSON here.
                allow = response.get("Allow")
                response = JsonResponse(
                    {"detail": response.reason_phrase + "."}, status=response.status_code
                )
                if allow:
                    response["Allow"] = allow
            response["Cache-Control"] = "no-store"
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapped


def _wrapped_api_patterns() -> list:
    patterns, _app, _namespace = api.urls
    wrapped = []
    for pattern in patterns:
        pattern.callback = public_api(pattern.callback)
        wrapped.append(pattern)
    return wrapped


@public_api
@require_safe
def openapi_french(request: HttpRequest) -> HttpResponse:
    """The OpenAPI schema with every summary and description in French (api_schema)."""
    from .api_schema import french_schema

    return JsonResponse(french_schema(), json_dumps_params={"ensure_ascii": False})


urlpatterns = [
    *_wrapped_api_patterns(),
    path("openapi.fr.json", openapi_french, name="openapi-json-fr"),
    path(
        "v1/docs",
        RedirectView.as_view(pattern_name="opendata:api_docs", permanent=False),
        name="docs",
    ),
]

"""Requests carrying a NUL character are refused with a 400 before anything reads the database.

PostgreSQL text cannot hold U+0000: a NUL reaching a query (a slug in the path, a search term,
a form field, a session cookie) raises DataError, a 500. No legitimate request contains one, so
one middleware, placed before the session and every view, answers such a request with a
translated 400 page (JSON under /api/) and no query. Uploaded files' contents are not checked:
binary files hold NUL bytes by nature and are never written into text columns as they are.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.translation import gettext

from .views import _render_error

NUL = "\x00"
FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


def _has_nul(request: HttpRequest) -> bool:
    if NUL in request.path_info:
        return True
    for key, values in request.GET.lists():
        if NUL in key or any(NUL in value for value in values):
            return True
    if any(NUL in key or NUL in value for key, value in request.COOKIES.items()):
        return True
    if request.method == "POST" and request.content_type in FORM_CONTENT_TYPES:
        for key, values in request.POST.lists():
            if NUL in key or any(NUL in value for value in values):
                return True
        for key, files in request.FILES.lists():
            if NUL in key or any(NUL in (upload.name or "") for upload in files):
                return True
    return False


def nul_refused(request: HttpRequest) -> HttpResponse:
    if is_api(request):
        response: HttpResponse = JsonResponse(
            {"detail": "Invalid request: it contains a NUL character."}, status=400
        )
        response["Cache-Control"] = "no-store"
        return response
    # Before LocaleMiddleware: the language is the one of the address (/en/ or /fr/).
    with translation.override(translation.get_language_from_path(request.path_info) or "en"):
        return _render_error(
            request,
            "400.html",
            400,
            reason=gettext(
                "The address or the form contained a character that cannot be used (a null "
                "character). Remove it and try again."
            ),
        )


class NulByteMiddleware:
    """Refuse any request with a NUL in its path, query, cookies or form fields (400)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request):
            return nul_refused(request)
        return self.get_response(request)

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext


class StaffNoStoreMiddleware:
    """Pages seen by staff, and the admin, are never kept in shared or browser caches."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path in ("/healthz", "/readyz"):
            # Health checks never read the session: they must answer while the database is down.
            return response
        user = getattr(request, "user", None)
        is_staff_page = "/staff/" in request.path or "/admin/" in request.path
        if is_staff_page or (user is not None and user.is_authenticated and user.is_staff):
            response["Cache-Control"] = "no-store"
        return response


class ErrorTitleMiddleware:
    """A page showing a form's error summary has a title starting with "Error:" (GC Design System
    error pattern), so that a screen reader says at once that the submission failed.

    The summary (includes/form_errors.html) marks itself with ``data-error-summary``; the title is
    written in base.html before the form is rendered, so it is completed here, once, for every
    form of the site. A submission refused with its errors shown is answered 400, not 200,
    whichever view rendered it: the same rule for every form, public or staff, present or added
    later.
    """

    MARKER = b"data-error-summary"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.streaming
            or not response.get("Content-Type", "").startswith("text/html")
            or self.MARKER not in response.content
        ):
            return response
        content = response.content
        start = content.find(b"<title>")
        end = content.find(b"</title>", start)
        if start < 0 or end < 0:
            return response
        start += len(b"<title>")
        title = gettext("Error: %(title)s") % {"title": content[start:end].decode()}
        response.content = content[:start] + title.encode() + content[end:]
        if request.method == "POST" and response.status_code == 200:
            response.status_code = 400
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        return response

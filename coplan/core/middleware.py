from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


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

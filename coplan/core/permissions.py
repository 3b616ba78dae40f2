"""The one way a view checks a permission.

Every permission is a rule in its app's ``rules.py`` (django-rules); a view only names it.
``staff_permission`` sends an anonymous visitor to the sign-in page (and back afterwards) and
answers 403 to a signed-in person the rule refuses. With ``load``, the object the rule is about
(a commitment, a milestone, a process) is looked up from the URL first — an unknown one is a
404 before any 403 — and the view receives it instead of the URL arguments it came from, so the
view does not look it up a second time.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse


def staff_permission(
    perm: str, *, load: Callable[..., Any] | None = None
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Require `perm` (on the object `load` returns from the URL arguments it names)."""
    names = list(inspect.signature(load).parameters) if load is not None else []

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if load is None:
                if not request.user.has_perm(perm):
                    raise PermissionDenied
                return view(request, *args, **kwargs)
            obj = load(**{name: kwargs.pop(name) for name in names})
            if not request.user.has_perm(perm, obj):
                raise PermissionDenied
            return view(request, obj, *args, **kwargs)

        wrapped.permission = perm  # type: ignore[attr-defined]
        return wrapped

    return decorator

"""One shape for every staff form page: show the forms; on a valid post call the service,
say so and redirect; on the service's refusal show its errors in the GC error summary."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def form_page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    forms: Iterable[BaseForm],
    save: Callable[[], Any],
    success: str | Callable[[Any], str],
    done: Callable[[Any], HttpResponse],
) -> HttpResponse:
    """Show the forms; on a post whose forms are all valid, `save()` (a service call) and, when
    it succeeds, say `success` (or `success(saved)`) and answer `done(saved)` (a redirect).
    The service's refusal (ValidationError) goes to the error summary as `errors`. A post that
    did not save is a 400 (the GC error pattern): nothing was stored."""
    errors: list[str] = []
    posted = request.method == "POST"
    # Every form validates (a list, not a generator) so that each shows its own errors.
    if posted and all([form.is_valid() for form in forms]):
        try:
            saved = save()
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, success(saved) if callable(success) else success)
            return done(saved)
    return render(request, template, {**context, "errors": errors}, status=400 if posted else 200)

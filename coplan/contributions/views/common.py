"""What the public views of contributions share: the answer to bots, safe return addresses,
where a published contribution is shown, and storing a submission with its follow-up."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language

from coplan.core.formerrors import service_errors_to_form
from coplan.processes.models import Opportunity
from coplan.processes.participation import participation_url

from ..followup import followup_request
from ..forms import PublicForm
from ..models import Contribution, Kind
from ..selectors import comment_page_number


def rejected_as_bot(request: HttpRequest) -> HttpResponse:
    return render(request, "contributions/rejected.html", status=400)


def renew_stale_token(form: PublicForm) -> None:
    """An expired form is shown again with a fresh token, so sending it again works."""
    if "form_token" in form.errors:
        form.renew_token()


def safe_next(request: HttpRequest, candidate: str | None, fallback: str) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback


def public_address(contribution: Contribution) -> str:
    """Where a published contribution is shown: its own page for ideas, else its thread."""
    if contribution.kind == Kind.IDEA:
        return contribution.get_absolute_url()
    target = contribution.target
    address = None
    if isinstance(target, Opportunity):
        address = participation_url(target)
    if not address and target is not None and hasattr(target, "get_absolute_url"):
        address = target.get_absolute_url()
    if not address:
        return reverse("processes:home")
    # A long thread is paginated: the link opens the page that shows the comment.
    page = comment_page_number(contribution)
    query = f"?comments_page={page}" if page > 1 else ""
    return f"{address}{query}#comment-{contribution.pk}"


def submit_with_followup(
    form: PublicForm, submit: Callable[[], Contribution], author: Any
) -> Contribution | None:
    """Store the contribution and the contributor's “email me when it receives a response” in
    one transaction (if either fails, neither is kept); None with the service's errors on the
    form."""
    try:
        with transaction.atomic():
            contribution = submit()
            if form.cleaned_data.get("notify"):
                followup_request(
                    contribution=contribution,
                    email=form.cleaned_data["email"],
                    language=(get_language() or "en")[:2],
                    user=author,
                )
    except ValidationError as error:
        service_errors_to_form(form, error)
        return None
    return contribution

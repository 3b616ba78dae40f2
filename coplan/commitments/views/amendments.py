"""Amendments: a participant proposes one; editors see them and decide."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from coplan.core.permissions import staff_permission
from coplan.core.ratelimit import rate_limited

from .. import selectors, services
from ..diff import render_diff, word_diff
from ..forms import (
    AmendmentForm,
    DecisionForm,
)
from ..models import (
    Amendment,
    Commitment,
)
from .common import load_commitment


@rate_limited("public_write")
def amendment_propose(request: HttpRequest, process_slug: str, identifier: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    commitment = load_commitment(process_slug, identifier)
    if not request.user.has_perm("commitments.propose_amendment", commitment):
        raise PermissionDenied
    initial = {"field": request.GET.get("field", "description"), "language": request.LANGUAGE_CODE}
    form = AmendmentForm(request.POST if request.method == "POST" else None, initial=initial)
    context = {"commitment": commitment, "process": commitment.process, "form": form}
    status = 200
    if request.method == "POST":
        if form.is_bot:
            return render(request, "contributions/rejected.html", status=400)
        if form.is_valid():
            if form.findings and not request.POST.get("confirm_sensitive"):
                context["findings"] = form.findings
                return render(request, "commitments/amendment_form.html", context)
            if _propose(request, commitment, form):
                messages.success(
                    request,
                    _("Thank you. Your amendment was received; it will appear once moderated."),
                )
                return redirect(commitment.get_absolute_url())
        elif "form_token" in form.errors:
            form.renew_token()
        status = 400
    return render(request, "commitments/amendment_form.html", context, status=status)


def _propose(request: HttpRequest, commitment: Commitment, form: AmendmentForm) -> bool:
    """Send the proposal; False with the service's refusal on the form."""
    try:
        services.amendment_propose(
            commitment=commitment,
            author=request.user,
            field=form.cleaned_data["field"],
            language=form.cleaned_data["language"],
            replacement=form.cleaned_data["replacement"],
            reason=form.cleaned_data["reason"],
            # Its own namespace: a token replayed from another public form (an idea's)
            # cannot name that form's contribution as this amendment's.
            external_ref=f"amendment:{form.external_ref_for(request)}",
        )
    except ValidationError as error:
        form.add_error(None, error)
        return False
    return True


@staff_permission("commitments.decide_amendment", load=load_commitment)
def amendment_list(request: HttpRequest, commitment: Commitment) -> HttpResponse:
    return render(
        request,
        "commitments/amendment_list.html",
        {
            "commitment": commitment,
            "process": commitment.process,
            "amendments": selectors.amendments_for_editors(commitment),
        },
    )


@staff_permission("commitments.decide_amendment", load=load_commitment)
def amendment_decide(request: HttpRequest, commitment: Commitment, pk: int) -> HttpResponse:
    amendment = get_object_or_404(
        Amendment.objects.select_related("contribution"), commitment=commitment, pk=pk
    )
    form = DecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            _decide(request, amendment, form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect(
                "commitments:amendments", commitment.process.slug, commitment.identifier
            )
    return render(
        request,
        "commitments/amendment_decide.html",
        {"commitment": commitment, "process": commitment.process, "amendment": amendment}
        | {"diff_html": _proposed_change(commitment, amendment), "form": form},
    )


def _proposed_change(commitment: Commitment, amendment: Amendment) -> str:
    """The field as it is, compared with what accepting applies: the masked text."""
    current_text = getattr(commitment, amendment.field_key) or ""
    return render_diff(word_diff(current_text, amendment.public_replacement), amendment.language)


def _decide(request: HttpRequest, amendment: Amendment, data: dict[str, Any]) -> None:
    """Accept (a new version credits the amendment) or decline, with the public response."""
    response = {"response_en": data["response_en"], "response_fr": data["response_fr"]}
    if data["decision"] == "accept":
        version = services.amendment_accept(amendment=amendment, editor=request.user, **response)
        messages.success(
            request,
            _("Amendment accepted: version %(number)s credits it.") % {"number": version.number},
        )
    else:
        services.amendment_decline(amendment=amendment, editor=request.user, **response)
        messages.success(request, _("Amendment declined; your response is public."))

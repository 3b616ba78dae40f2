"""Sessions proposed by partners or third parties: the public form of a process."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from coplan.core.formerrors import service_errors_to_form
from coplan.core.ratelimit import rate_limited
from coplan.processes.models import Process

from .forms import SessionProposalForm
from .proposals import proposal_opportunity, session_proposal_submit

# Form fields the service knows under the same name.
_SERVICE_FIELDS = (
    "title",
    "description",
    "host_organisation",
    "time_zone",
    "format",
    "venue_name",
    "venue_address",
    "city",
    "province",
    "online_url",
    "contact_name",
    "contact_email",
)
# The service speaks of the moment; the form asks for a date and two times.
_FORM_FIELD = {"starts_at": "start_time", "ends_at": "end_time"}


def _add_errors(form: SessionProposalForm, error: ValidationError) -> None:
    service_errors_to_form(form, error, field_names=_FORM_FIELD)


@rate_limited()
def session_propose(request: HttpRequest, slug: str) -> HttpResponse:
    """Propose a session the process's team will list, once moderated, with its host."""
    process = get_object_or_404(Process, slug=slug)
    opportunity = proposal_opportunity(process)
    context: dict = {"process": process, "opportunity": opportunity}
    if opportunity is None:
        status = 403 if request.method == "POST" else 200
        return render(request, "events/proposal_form.html", context, status=status)
    form = SessionProposalForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_bot:
            return render(request, "contributions/rejected.html", status=400)
        if form.is_valid():
            if form.findings and not request.POST.get("confirm_sensitive"):
                context.update(form=form, findings=form.findings)
                return _render(request, context, status=200)
            try:
                session_proposal_submit(
                    process=process,
                    starts_at=form.cleaned_data["starts_at"],
                    ends_at=form.cleaned_data["ends_at"],
                    language=get_language(),
                    user=request.user,
                    external_ref=form.external_ref_for(request),
                    **{name: form.cleaned_data[name] for name in _SERVICE_FIELDS},
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "Thank you. Your session proposal was received. A moderator will look "
                        "at it and we will tell you by email whether it is listed."
                    ),
                )
                return redirect("events:propose", slug=process.slug)
        elif "form_token" in form.errors:
            form.renew_token()
    context["form"] = form
    return _render(request, context, status=status)


def _render(request: HttpRequest, context: dict, status: int) -> HttpResponse:
    response = render(request, "events/proposal_form.html", context, status=status)
    # The form may come back with a name and an email address in it.
    response["Cache-Control"] = "no-store"
    return response

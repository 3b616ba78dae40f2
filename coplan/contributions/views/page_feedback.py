"""“Share your thoughts”: was this page useful, and a comment, sent from any page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coplan.core.formerrors import service_errors_to_form
from coplan.core.ratelimit import rate_limited
from coplan.processes.models import Process

from .. import services
from ..forms import PAGE_FEEDBACK_PREFIX, PageFeedbackForm
from ..visitor import author_of
from .common import rejected_as_bot, renew_stale_token


def _process_for_page(path: str) -> Process | None:
    """The consultation a page belongs to, else the most recent active one."""
    try:
        match = resolve(path.split("?")[0])
    except Resolver404:
        match = None
    if match is not None:
        slug = match.kwargs.get("slug") if match.namespace == "processes" else None
        if slug and match.url_name in {"detail", "opportunity"}:
            process = Process.objects.filter(slug=slug).first()
            if process is not None:
                return process
        pk = match.kwargs.get("pk") if match.namespace == "contributions" else None
        if pk:
            process = Process.objects.filter(contributions__pk=pk).first()
            if process is not None:
                return process
    return (
        Process.objects.filter(status=Process.Status.ACTIVE).order_by("-starts_on").first()
        or Process.objects.order_by("-starts_on").first()
    )


@require_POST
@rate_limited()
def page_feedback(request: HttpRequest) -> HttpResponse:
    form = PageFeedbackForm(request.POST, prefix=PAGE_FEEDBACK_PREFIX)
    if form.is_bot:
        return rejected_as_bot(request)
    process = None
    findings = []
    if not form.is_valid():
        renew_stale_token(form)
    elif (process := _process_for_page(form.cleaned_data["page"])) is None:
        form.add_error(None, _("Feedback cannot be received before a consultation exists."))
    elif form.findings and not request.POST.get("confirm_sensitive"):
        findings = form.findings
    elif _feedback_submit(request, process, form):
        messages.success(request, _("Thank you for your feedback."))
        return redirect(form.cleaned_data["page"])
    return render(
        request,
        "contributions/page_feedback_form.html",
        {"feedback_form": form, "process": process, "findings": findings},
        status=200 if findings else 400,
    )


def _feedback_submit(request: HttpRequest, process: Process, form: PageFeedbackForm) -> bool:
    """Store the feedback; False with the service's errors on the form."""
    try:
        services.page_feedback_submit(
            process=process,
            page_url=form.cleaned_data["page"],
            useful=form.cleaned_data["useful"],
            text=form.cleaned_data["comment"],
            author=author_of(request),
            external_ref=form.external_ref_for(request),
        )
    except ValidationError as error:
        service_errors_to_form(form, error)
        return False
    return True

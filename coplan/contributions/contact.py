"""The "Contact us at any stage" block of a process page and its contact form.

The team sets the block on a staff page (`processes.blocks.contact_block_save`): an email
address, a contact form, or both. A message sent through the form is input like any other: it
becomes a contribution (kind "submission", channel web) through `contribution_submit` — masked
copy for publication, name and email apart in ContributorContact (privacy registry, retention),
then the moderation queue, where the team reads it, and the analysis. One path, one promise: the
privacy notice at the form says so.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coplan.core.formerrors import service_errors_to_form
from coplan.core.ratelimit import rate_limited
from coplan.processes.models import ContactBlock, Process

from .forms import ContactFields, PublicForm, _text_field
from .models import COMMENT_MAX_LENGTH, Contribution, Kind
from .services import contribution_submit
from .visitor import author_of

# A message to the team: long enough for a letter, short enough to read in the queue.
MESSAGE_MAX_LENGTH = COMMENT_MAX_LENGTH


class ContactMessageForm(PublicForm, ContactFields):
    sensitive_fields = ("text",)
    text = _text_field(gettext_lazy("Your message"), MESSAGE_MAX_LENGTH, rows=8)
    # Follow-up emails are for contributions answered in public; the team answers by email.
    notify = None
    consent_to_publish = forms.BooleanField(
        label=gettext_lazy(
            "The team may publish my message, without my name, in the What We Heard report and "
            "in the data set."
        ),
        required=False,
    )
    field_order = ["text", "name", "email", "consent_to_publish"]


def contact_section(process: Process) -> dict:
    """The process page's contact block (one query): always shown, with what the team set."""
    block = ContactBlock.objects.filter(process=process).first()
    return {
        "process": process,
        "contact_block": block,
        "form_open": _form_open(process, block),
    }


def _form_open(process: Process, block: ContactBlock | None) -> bool:
    return block is not None and block.form_enabled and process.completed_on is None


def contact_message_submit(
    *,
    process: Process,
    text: str,
    name: str,
    email: str,
    consent_to_publish: bool,
    author=None,
    external_ref: str = "",
) -> Contribution:
    """Store a message to the team as a pending contribution of the process."""
    block = ContactBlock.objects.filter(process=process).first()
    if not _form_open(process, block):
        raise ValidationError(_("This consultation does not take messages through a form."))
    return contribution_submit(
        process=process,
        opportunity=None,
        kind=Kind.SUBMISSION,
        text=text,
        author=author,
        contact_name=name,
        contact_email=email,
        consent_to_publish=consent_to_publish,
        provenance={"via": "contact_form"},
        external_ref=external_ref,
        text_max_length=MESSAGE_MAX_LENGTH,
    )


@rate_limited()
def contact(request: HttpRequest, slug: str) -> HttpResponse:
    """Write to the team of a process, at any stage."""
    process = get_object_or_404(Process, slug=slug)
    context: dict[str, Any] = contact_section(process)
    if not context["form_open"]:
        status = 403 if request.method == "POST" else 200
        return render(request, "contributions/contact_form.html", context, status=status)
    form = ContactMessageForm(request.POST if request.method == "POST" else None)
    context["form"] = form
    if request.method != "POST":
        return _render(request, context, 200)
    if form.is_bot:
        return render(request, "contributions/rejected.html", status=400)
    if not form.is_valid():
        if "form_token" in form.errors:
            form.renew_token()
        return _render(request, context, 400)
    if form.findings and not request.POST.get("confirm_sensitive"):
        context["findings"] = form.findings
        return _render(request, context, 200)
    if not _send(request, process, form):
        return _render(request, context, 400)
    return redirect("contributions:contact", slug=process.slug)


def _send(request: HttpRequest, process: Process, form: ContactMessageForm) -> bool:
    """Send the message and give its reference; False with the service's errors on the form."""
    try:
        message = contact_message_submit(
            process=process,
            text=form.cleaned_data["text"],
            name=form.cleaned_data["name"],
            email=form.cleaned_data["email"],
            consent_to_publish=form.cleaned_data["consent_to_publish"],
            author=author_of(request),
            external_ref=form.external_ref_for(request),
        )
    except ValidationError as error:
        service_errors_to_form(form, error)
        return False
    messages.success(
        request,
        _(
            "Thank you: your message reached the team (reference %(number)s). If "
            "you gave your email address, they may answer you there."
        )
        % {"number": message.pk},
    )
    return True


def _render(request: HttpRequest, context: dict, status: int) -> HttpResponse:
    response = render(request, "contributions/contact_form.html", context, status=status)
    # The form may come back with a name and an email address in it.
    response["Cache-Control"] = "no-store"
    return response

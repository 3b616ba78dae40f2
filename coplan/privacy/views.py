from __future__ import annotations

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from coplan.core.ratelimit import client_fingerprint, rate_limited

from . import selectors, services
from .forms import AccessLinkForm, CorrectionForm, WithdrawForm
from .retention import retention_ends_on


def _subject(request: HttpRequest, token: str | None):
    """Who the page is about: the signed-in account, or the address a valid link proves.

    A signed-in account's email address was never proven, so it only sees records tied to the
    account; records tied to an address need the emailed link.
    """
    if token is None:
        if not request.user.is_authenticated:
            return None, None
        return selectors.Subject(user_pk=request.user.pk), None
    access_request = services.access_request_from_token(token)
    return selectors.Subject(email=access_request.email), access_request


def _urls(token: str | None) -> dict[str, str]:
    if token is None:
        return {
            "page": reverse("privacy:my_data"),
            "json": reverse("privacy:my_data_json"),
            "correction": reverse("privacy:my_data_correction"),
            "withdraw": reverse("privacy:my_data_withdraw"),
        }
    kwargs = {"token": token}
    return {
        "page": reverse("privacy:access", kwargs=kwargs),
        "json": reverse("privacy:access_json", kwargs=kwargs),
        "correction": reverse("privacy:access_correction", kwargs=kwargs),
        "withdraw": reverse("privacy:access_withdraw", kwargs=kwargs),
    }


def _link_problem(request: HttpRequest, error: ValidationError) -> HttpResponse:
    return render(
        request,
        "privacy/link_problem.html",
        {"message": error.messages[0], "form": AccessLinkForm()},
        status=400,
    )


def _data_page(request: HttpRequest, token: str | None, correction_form=None, status=200):
    try:
        subject, access_request = _subject(request, token)
    except ValidationError as error:
        return _link_problem(request, error)
    if subject is None:
        return redirect("privacy:my_data")
    if access_request is not None:
        services.access_request_touch(access_request=access_request)
    context = {
        "subject_email": subject.email,
        "sections": selectors.subject_sections(subject),
        "own_items": selectors.subject_withdrawables(subject),
        "corrections": selectors.correction_requests_for(subject),
        "correction_form": correction_form or CorrectionForm(),
        "urls": _urls(token),
    }
    return render(request, "privacy/my_data.html", context, status=status)


@never_cache
@rate_limited("public_write")
def my_data(request: HttpRequest) -> HttpResponse:
    """Signed in: what we hold about the account. Otherwise: ask for a link by email."""
    if request.user.is_authenticated:
        return _data_page(request, None)
    form = AccessLinkForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        created = services.access_request_create(
            email=form.cleaned_data["email"],
            language=get_language() or "en",
            client_hash=client_fingerprint(request),
        )
        if created is None:
            return render(request, "privacy/link_sent.html", {"limited": True}, status=429)
        return render(request, "privacy/link_sent.html", {"limited": False})
    return render(
        request, "privacy/access_request.html", {"form": form}, status=400 if form.errors else 200
    )


@never_cache
def access(request: HttpRequest, token: str) -> HttpResponse:
    return _data_page(request, token)


@never_cache
def data_json(request: HttpRequest, token: str | None = None) -> HttpResponse:
    try:
        subject, _access_request = _subject(request, token)
    except ValidationError as error:
        return _link_problem(request, error)
    if subject is None:
        return redirect("privacy:my_data")
    response = StreamingHttpResponse(
        selectors.subject_export(subject), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="my-personal-information.json"'
    return response


@never_cache
@require_POST
@rate_limited("public_write")
def correction(request: HttpRequest, token: str | None = None) -> HttpResponse:
    try:
        subject, access_request = _subject(request, token)
    except ValidationError as error:
        return _link_problem(request, error)
    if subject is None:
        return redirect("privacy:my_data")
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        return _data_page(request, token, correction_form=form, status=400)
    user = request.user if token is None else None
    correction_request = services.correction_request_submit(
        subject=subject,
        user=user,
        email=subject.email or "",
        details=form.cleaned_data["details"],
        language=get_language() or "en",
    )
    messages.success(
        request,
        _("Your correction request is recorded. We will answer by %(date)s.")
        % {"date": date_format(correction_request.due_on, "DATE_FORMAT")},
    )
    return redirect(_urls(token)["page"])


@never_cache
@require_POST
@rate_limited("public_write")
def withdraw(request: HttpRequest, token: str | None = None) -> HttpResponse:
    try:
        subject, _access_request = _subject(request, token)
    except ValidationError as error:
        return _link_problem(request, error)
    if subject is None:
        return redirect("privacy:my_data")
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("This item cannot be withdrawn."))
        return redirect(_urls(token)["page"])
    try:
        services.own_item_withdraw(
            subject=subject, label=form.cleaned_data["label"], pk=form.cleaned_data["pk"]
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Your contribution is withdrawn: it will never be published."))
    return redirect(_urls(token)["page"])


def statement(request: HttpRequest, slug: str) -> HttpResponse:
    """A process's privacy statement, from its purpose, authority, retention and contact.

    The privacy app sits below processes and never imports it: the model is looked up by label.
    """
    process_model = apps.get_model("processes", "Process")
    process = process_model.objects.filter(slug=slug).first()
    if process is None:
        raise Http404
    ended_on = process.retention_starts_on()
    context = {
        "process": process,
        "activity_ended_on": ended_on,
        "retention_ends_on": (
            retention_ends_on(ended_on, process.retention_months) if ended_on else None
        ),
    }
    return render(request, "privacy/statement.html", context)

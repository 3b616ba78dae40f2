"""Volunteers: the public offer to co-lead or facilitate sessions, and staff's answer."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from coplan.core.formerrors import service_errors_to_form
from coplan.core.pagination import paginate
from coplan.core.permissions import staff_permission
from coplan.core.ratelimit import rate_limited
from coplan.processes.models import Process

from .forms import VolunteerAnswerForm, VolunteerOfferForm
from .models import VolunteerOffer
from .volunteering import volunteer_offer_answer, volunteer_offer_submit

VOLUNTEERS_PAGE_SIZE = 50


_add_errors = service_errors_to_form


@rate_limited()
def volunteer(request: HttpRequest, slug: str) -> HttpResponse:
    """The public form: offer to co-lead or facilitate a session of the process."""
    process = get_object_or_404(Process, slug=slug)
    form = VolunteerOfferForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                volunteer_offer_submit(
                    process=process, language=get_language(), user=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Thank you for your offer. We will answer you by email."),
                )
                return redirect("events:volunteer", slug=process.slug)
    response = render(
        request,
        "events/volunteer_form.html",
        {"process": process, "form": form, "closed": process.completed_on is not None},
        status=status,
    )
    # The form may come back with a name and an email address in it.
    response["Cache-Control"] = "no-store"
    return response


@staff_permission("events.manage_volunteers")
def staff_volunteers(request: HttpRequest) -> HttpResponse:
    """Every offer to volunteer, those not yet answered first."""
    offers = VolunteerOffer.objects.select_related("process").order_by(
        F("answered_at").asc(nulls_first=True), "-created_at", "-pk"
    )
    page = paginate(offers, request.GET.get("page"), VOLUNTEERS_PAGE_SIZE)
    return render(request, "events/staff_volunteers.html", {"page": page})


def _volunteer(pk: int) -> VolunteerOffer:
    return get_object_or_404(VolunteerOffer.objects.select_related("process", "answered_by"), pk=pk)


@staff_permission("events.manage_volunteers", load=_volunteer)
def staff_volunteer(request: HttpRequest, volunteer: VolunteerOffer) -> HttpResponse:
    """One offer: what the person offers and where; accept or decline it with a reply."""
    data = request.POST if request.method == "POST" else None
    form = VolunteerAnswerForm(data, volunteer=volunteer)
    if data is not None and form.is_valid():
        try:
            volunteer_offer_answer(
                volunteer=volunteer,
                status=form.cleaned_data["status"],
                reply=form.cleaned_data["reply"],
                by=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Your reply is saved and emailed to the person."))
            return redirect("events:staff_volunteer", pk=volunteer.pk)
    response = render(
        request,
        "events/staff_volunteer.html",
        {"volunteer": volunteer, "form": form},
        status=400 if data is not None else 200,
    )
    response["Cache-Control"] = "no-store"
    return response

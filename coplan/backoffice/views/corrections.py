"""Correction requests: the list by legal due date, and one request to move on and answer."""

from __future__ import annotations

from django.db.models import Case, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from coplan.core.formpage import form_page
from coplan.core.pagination import paginate
from coplan.core.permissions import staff_permission
from coplan.privacy import services as privacy_services
from coplan.privacy.models import CorrectionRequest

from ..forms import CorrectionAnswerForm

CORRECTIONS_PAGE_SIZE = 30


@staff_permission("privacy.change_correctionrequest")
def corrections(request: HttpRequest) -> HttpResponse:
    """Correction requests, those still open first by their legal due date."""
    requests = CorrectionRequest.objects.select_related("user").order_by(
        Case(When(status__in=CorrectionRequest.OPEN_STATUSES, then=0), default=1),
        "due_on",
        "pk",
    )
    page = paginate(requests, request.GET.get("page"), CORRECTIONS_PAGE_SIZE)
    return render(request, "backoffice/corrections.html", {"page": page})


def _correction(pk: int) -> CorrectionRequest:
    return get_object_or_404(CorrectionRequest.objects.select_related("user"), pk=pk)


@staff_permission("privacy.change_correctionrequest", load=_correction)
def correction(request: HttpRequest, correction: CorrectionRequest) -> HttpResponse:
    """One request: what the person asks, when the answer is due; move it on and answer."""
    form = CorrectionAnswerForm(
        request.POST if request.method == "POST" else None, correction=correction
    )
    return form_page(
        request,
        "backoffice/correction.html",
        {"correction": correction, "form": form, "overdue": correction.is_overdue()},
        forms=[form],
        save=lambda: privacy_services.correction_request_set_status(
            correction=correction,
            status=form.cleaned_data["status"],
            by=request.user,
            response=form.cleaned_data["response"],
        ),
        success=_("The correction request is saved."),
        done=lambda _saved: redirect("backoffice:correction", pk=correction.pk),
    )

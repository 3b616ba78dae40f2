"""What We Heard reports: snapshots taken and published by staff, read by the public."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from coplan.core.permissions import staff_permission
from coplan.processes.models import Phase, Process

from .. import charts, selectors, services
from ..forms import (
    ReportCreateForm,
)
from ..models import Report
from ..pdf import report_pdf_path
from . import say_errors


@staff_permission("analysis.write_report")
def reports(request: HttpRequest, slug: str) -> HttpResponse:
    process = get_object_or_404(Process, slug=slug)
    phases = list(Phase.objects.filter(process=process))
    form = ReportCreateForm(request.POST if request.method == "POST" else None, phases=phases)
    if request.method == "POST" and form.is_valid():
        phase = next((p for p in phases if p.pk == form.cleaned_data["phase"]), None)
        report = services.report_create(process=process, phase=phase, user=request.user)
        messages.success(request, _("The snapshot was taken."))
        return redirect("analysis:report_staff", slug=slug, pk=report.pk)
    return render(
        request,
        "analysis/reports.html",
        {"process": process, "form": form, "reports": selectors.reports_for(process)},
    )


def _report_language(request: HttpRequest) -> str:
    return request.LANGUAGE_CODE if request.LANGUAGE_CODE in ("en", "fr") else "en"


def _report_context(report: Report, request: HttpRequest) -> dict:
    return charts.report_context(report, _report_language(request))


def _staff_report(slug: str, pk: int) -> Report:
    return get_object_or_404(
        Report.objects.select_related("process", "phase"), pk=pk, process__slug=slug
    )


@require_safe
@staff_permission("analysis.write_report")
def report_staff(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The report as staff see it before and after publication."""
    report = _staff_report(slug, pk)
    return render(
        request, "analysis/report.html", {**_report_context(report, request), "staff": True}
    )


@require_POST
@staff_permission("analysis.write_report")
def report_publish(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Publish the report, then show it again to staff."""
    report = _staff_report(slug, pk)
    try:
        services.report_publish(report=report)
    except ValidationError as error:
        say_errors(request, error)
    else:
        messages.success(request, _("The report is published."))
    return redirect("analysis:report_staff", slug=slug, pk=pk)


def _published(pk: int) -> Report:
    return get_object_or_404(
        Report.objects.select_related("process", "phase"), pk=pk, status=Report.Status.PUBLISHED
    )


def report_public(request: HttpRequest, pk: int) -> HttpResponse:
    """A published What We Heard report, rendered from its frozen snapshot."""
    return render(request, "analysis/report.html", _report_context(_published(pk), request))


def report_pdf(request: HttpRequest, pk: int) -> FileResponse:
    """The stored PDF (laid out once per published report and language, see analysis.pdf)."""
    report = _published(pk)
    language = _report_language(request)
    try:
        name = report_pdf_path(report, language)
    except ValueError as error:  # pragma: no cover - a template asking for outside resources
        raise Http404 from error
    return FileResponse(
        default_storage.open(name, "rb"),
        content_type="application/pdf",
        filename=f"what-we-heard-{report.pk}-{language}.pdf",
        as_attachment=True,
    )

"""Tracking: government's progress reports and civil society's assessments of a milestone."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from coplan.core.permissions import staff_permission

from .. import services
from ..forms import (
    AssessmentForm,
    ProgressForm,
)
from ..models import (
    Milestone,
)
from .common import load_milestone


def _milestone_permission_view(permission: str, form_class, service, template: str):
    @staff_permission(permission, load=load_milestone)
    def view(request: HttpRequest, milestone: Milestone) -> HttpResponse:
        commitment = milestone.commitment
        form = form_class(
            request.POST if request.method == "POST" else None,
            initial={
                "reported_on": timezone.localdate(),
                "status": milestone.status,
                "percent_complete": milestone.percent_complete,
            },
        )
        if request.method == "POST" and form.is_valid():
            try:
                service(milestone=milestone, user=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your update is published."))
                return redirect(milestone.get_absolute_url())
        return render(
            request,
            template,
            {
                "commitment": commitment,
                "process": commitment.process,
                "milestone": milestone,
                "form": form,
            },
        )

    return view


progress_report = _milestone_permission_view(
    "commitments.report_progress",
    ProgressForm,
    services.progress_report,
    "commitments/progress_form.html",
)


assessment_post = _milestone_permission_view(
    "commitments.post_assessment",
    AssessmentForm,
    services.assessment_post,
    "commitments/assessment_form.html",
)

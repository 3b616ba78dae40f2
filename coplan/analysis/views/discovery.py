"""What the model finds for the analyst: retraining, campaigns and candidate themes."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from coplan.core.pagination import paginate
from coplan.core.permissions import staff_permission
from coplan.processes.models import Process

from .. import selectors, services, tasks
from ..forms import (
    AdoptForm,
    DiscoverForm,
)
from ..models import Campaign, TopicCandidate
from . import say_errors, say_form_errors


@require_POST
@staff_permission("analysis.code")
def retrain(request: HttpRequest, slug: str) -> HttpResponse:
    process = get_object_or_404(Process, slug=slug)
    tasks.retrain_process.enqueue(process.pk)
    messages.success(
        request, _("Retraining has started: suggestions and campaigns will refresh shortly.")
    )
    return redirect("analysis:queue", slug=slug)


@require_GET
@staff_permission("analysis.code")
def campaigns(request: HttpRequest, slug: str) -> HttpResponse:
    """The campaigns found, largest first."""
    process = get_object_or_404(Process, slug=slug)
    page = paginate(
        Campaign.objects.filter(process=process).select_related("representative"),
        request.GET.get("page"),
    )
    return render(request, "analysis/campaigns.html", {"process": process, "page": page})


@require_POST
@staff_permission("analysis.code")
def campaigns_detect(request: HttpRequest, slug: str) -> HttpResponse:
    """Look for campaigns again (the last run's are replaced)."""
    process = get_object_or_404(Process, slug=slug)
    found = services.campaigns_detect(process=process)
    messages.success(request, _("%(count)s campaigns found.") % {"count": len(found)})
    return redirect("analysis:campaigns", slug=slug)


@staff_permission("analysis.manage_codebook")
def topics(request: HttpRequest, slug: str) -> HttpResponse:
    """The latest candidate themes with examples, and the form finding new ones."""
    process = get_object_or_404(Process, slug=slug)
    form = DiscoverForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.topics_discover(
            process=process, seed=form.cleaned_data["seed"], topics=form.cleaned_data["topics"]
        )
        messages.success(request, _("Candidate themes are ready."))
        return redirect("analysis:topics", slug=slug)
    run = selectors.latest_topics(process)
    candidates = selectors.topic_candidates(run)
    for candidate in candidates:
        candidate.adopt_form = AdoptForm(prefix=f"c{candidate.pk}")
    return render(
        request,
        "analysis/topics.html",
        {"process": process, "form": form, "run": run, "candidates": candidates},
    )


@require_POST
@staff_permission("analysis.manage_codebook")
def topic_adopt(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A candidate theme joins the codebook."""
    candidate = get_object_or_404(
        TopicCandidate.objects.select_related("run__process"), pk=pk, run__process__slug=slug
    )
    form = AdoptForm(request.POST, prefix=f"c{candidate.pk}")
    if not form.is_valid():
        say_form_errors(request, form)
    elif _adopted(request, candidate, form):
        return redirect("analysis:codebook", slug=slug)
    return redirect("analysis:topics", slug=slug)


def _adopted(request: HttpRequest, candidate: TopicCandidate, form: AdoptForm) -> bool:
    try:
        theme = services.topic_adopt(candidate=candidate, **form.cleaned_data)
    except IntegrityError:
        messages.error(request, _("Another theme already has this code."))
        return False
    except ValidationError as error:
        say_errors(request, error)
        return False
    messages.success(
        request,
        _("“%(theme)s” is now in the codebook; its contributions carry it as a suggestion.")
        % {"theme": theme},
    )
    return True

"""Staff pages that watch the process: responses to contributions, OGP compliance and its
evidence, lessons learned, process reviews."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coplan.core.formpage import form_page
from coplan.core.pagination import paginate
from coplan.core.permissions import staff_permission

from .. import compliance, selectors, services
from ..forms import EvidenceForm, LessonForm
from ..models import Evidence, Lesson, ProcessReview
from ._common import attachment


@staff_permission("forum.view_staff", load=selectors.process_by_slug)
def staff_coverage(request: HttpRequest, process) -> HttpResponse:
    lacking = paginate(selectors.lacking_response(process), request.GET.get("page"))
    return render(
        request,
        "forum/coverage.html",
        {
            "process": process,
            "coverage": selectors.coverage(process),
            "lacking": lacking,
            "staff": True,
        },
    )


@staff_permission("forum.view_staff", load=selectors.process_by_slug)
def staff_compliance(request: HttpRequest, process) -> HttpResponse:
    """The OGP requirements and how each is met; those who may attach evidence do it here."""
    if request.method == "POST" and not request.user.has_perm("forum.attach_evidence"):
        raise PermissionDenied
    form = EvidenceForm(request.POST if request.method == "POST" else None, request.FILES or None)
    rows = compliance.compliance_rows(process)
    context = {
        "process": process,
        "rows": rows,
        "summary": compliance.summary(rows),
        "staff": True,
        "form": form,
        "can_attach": request.user.has_perm("forum.attach_evidence"),
    }
    return form_page(
        request,
        "forum/compliance.html",
        context,
        forms=[form],
        save=lambda: _evidence_add(process, form.cleaned_data, by=request.user),
        success=_("The evidence is attached."),
        done=lambda _evidence: redirect("forum:staff_compliance", slug=process.slug),
    )


def _evidence_add(process, data: dict, *, by) -> Evidence:
    return services.evidence_add(
        process=process,
        requirement=data["requirement"],
        description_en=data["description_en"],
        description_fr=data["description_fr"],
        url=data["url"],
        upload=data["file"],
        by=by,
    )


@staff_permission("forum.view_staff", load=selectors.process_by_slug)
def staff_evidence_file(request: HttpRequest, process, pk: int) -> FileResponse:
    evidence = get_object_or_404(Evidence, process=process, pk=pk)
    if not evidence.file:
        raise Http404
    filename = f"evidence-{evidence.requirement}-{evidence.pk}.{evidence.kind}"
    return attachment(evidence.file, filename, evidence.kind)


@staff_permission("forum.manage_lessons", load=selectors.process_by_slug)
def staff_lessons(request: HttpRequest, process) -> HttpResponse:
    """The lessons logged so far; its form logs one more."""
    form = LessonForm(request.POST if request.method == "POST" else None, process=process)
    lessons = paginate(
        Lesson.objects.filter(process=process)
        .select_related("phase")
        .order_by("-recorded_at", "-pk"),
        request.GET.get("page"),
    )
    return form_page(
        request,
        "forum/staff_lessons.html",
        {"process": process, "form": form, "lessons": lessons},
        forms=[form],
        save=lambda: services.lesson_add(process=process, **form.cleaned_data),
        success=_("The lesson is logged."),
        done=lambda _lesson: redirect("forum:staff_lessons", slug=process.slug),
    )


@staff_permission("forum.manage_lessons", load=selectors.process_by_slug)
@require_POST
def staff_lessons_publish(request: HttpRequest, process) -> HttpResponse:
    count = services.lessons_publish(process=process)
    messages.success(request, _("%(count)s lessons published.") % {"count": count})
    return redirect("forum:staff_lessons", slug=process.slug)


@staff_permission("forum.manage_reviews", load=selectors.process_by_slug)
def staff_reviews(request: HttpRequest, process) -> HttpResponse:
    """Each phase with its process review questionnaire; a post opens one for a phase."""
    phases = list(process.phases.all())
    error = ""
    if request.method == "POST":
        phase = selectors.phase_of_kind(phases, request.POST.get("phase", "")[:30])
        error = _review_open(phase)
        if not error:
            messages.success(request, _("The process review questionnaire is open."))
            return redirect("forum:staff_reviews", slug=process.slug)
    reviews = ProcessReview.objects.filter(phase__process=process).select_related("questionnaire")
    by_phase = {review.phase_id: review for review in reviews}
    for phase in phases:
        phase.review = by_phase.get(phase.pk)
    return render(
        request,
        "forum/staff_reviews.html",
        {"process": process, "phases": phases, "error": error},
        status=400 if error else 200,
    )


def _review_open(phase) -> str:
    """Open the phase's review questionnaire; answer why not, or "" once it is open."""
    if phase is None:
        return _("Choose a phase of this process.")
    try:
        services.process_review_create(phase=phase)
    except ValidationError as failure:
        return " ".join(failure.messages)
    return ""

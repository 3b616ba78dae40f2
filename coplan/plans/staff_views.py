"""Staff pages of the plan: write drafts, send them to Cabinet, publish, explain changes."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from coplan.core.formerrors import service_errors_to_form
from coplan.core.permissions import staff_permission
from coplan.core.views import permission_denied
from coplan.processes.models import Process

from . import selectors, services
from .forms import (
    CabinetDecisionForm,
    CabinetSubmitForm,
    ExplanationForm,
    PublishForm,
    SectionForm,
    VersionTitleForm,
)
from .models import CabinetReview, Plan, PlanParagraph, PlanSection, PlanVersion


def _errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@staff_permission("plans.view_staff")
def staff_plan(request: HttpRequest, slug: str) -> HttpResponse:
    """The plan's versions and history; the place to start a plan or a new version."""
    process = get_object_or_404(Process, slug=slug)
    plan = Plan.objects.filter(process=process).first()
    context = {"process": process, "plan": plan}
    if plan is not None:
        context["versions"] = list(selectors.versions_for_staff(plan))
        context["history"] = list(selectors.plan_history(plan)[:200])
    return render(request, "plans/staff/plan.html", context)


@require_POST
@staff_permission("plans.manage_plan")
def staff_plan_create(request: HttpRequest, slug: str) -> HttpResponse:
    process = get_object_or_404(Process, slug=slug)
    try:
        services.plan_create(process=process, actor=request.user)
    except ValidationError as error:
        _errors(request, error)
    return redirect("plans:staff_plan", slug=slug)


@require_POST
@staff_permission("plans.manage_plan")
def staff_version_create(request: HttpRequest, slug: str) -> HttpResponse:
    plan = selectors.plan_for_slug(slug)
    try:
        version = services.plan_version_create(plan=plan, actor=request.user)
    except ValidationError as error:
        _errors(request, error)
        return redirect("plans:staff_plan", slug=slug)
    messages.success(request, _("Version %(number)s created.") % {"number": version.number})
    return redirect("plans:staff_version", slug=slug, number=version.number)


@require_http_methods(["GET", "POST"])
@staff_permission("plans.view_staff")
def staff_version(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """A version as staff see it: the draft's sections and preview, Cabinet review, publication."""
    version = selectors.any_version(slug, number)
    title_form = VersionTitleForm(
        request.POST if request.method == "POST" else None,
        initial={"title_en": version.title_en, "title_fr": version.title_fr},
    )
    if request.method == "POST":
        if not request.user.has_perm("plans.manage_plan"):
            return permission_denied(request)
        if title_form.is_valid():
            try:
                services.plan_version_update_title(version=version, **title_form.cleaned_data)
            except ValidationError as error:
                _errors(request, error)
            else:
                messages.success(request, _("The title was saved."))
                return redirect("plans:staff_version", slug=slug, number=number)
    return render(request, "plans/staff/version.html", _version_page(request, version, title_form))


def _review_with(
    reviews: list[CabinetReview], status: str, fingerprint: str | None = None
) -> CabinetReview | None:
    """The latest review in this status (of this text, when a fingerprint is given)."""
    for review in reviews:
        if review.status == status and fingerprint in (None, review.fingerprint):
            return review
    return None


def _version_page(
    request: HttpRequest, version: PlanVersion, title_form: VersionTitleForm
) -> dict[str, object]:
    """The version's text (the draft's preview and fingerprint), its reviews and its forms."""
    preview, fingerprint = [], version.fingerprint
    if version.is_draft:
        preview, fingerprint = services.draft_fingerprint(version)
    reviews = list(version.cabinet_reviews.order_by("-submitted_at", "-pk"))
    return {
        "process": version.plan.process,
        "version": version,
        "sections": list(version.sections.order_by("position", "pk")),
        "preview": preview,
        "fingerprint": fingerprint,
        "reviews": reviews,
        "pending_review": _review_with(reviews, CabinetReview.Status.SUBMITTED),
        "approved": _review_with(reviews, CabinetReview.Status.APPROVED, fingerprint) is not None,
        "title_form": title_form,
        "section_form": SectionForm(),
        "submit_form": CabinetSubmitForm(),
        "decision_form": CabinetDecisionForm(),
        "publish_form": PublishForm(),
        "can_manage": request.user.has_perm("plans.manage_plan"),
    }


@require_http_methods(["GET", "POST"])
@staff_permission("plans.manage_plan")
def staff_section_add(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    version = selectors.any_version(slug, number)
    form = SectionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_section_add(version=version, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The section was added."))
            return redirect("plans:staff_version", slug=slug, number=number)
    return render(
        request,
        "plans/staff/section_form.html",
        {"process": version.plan.process, "version": version, "form": form, "section": None},
    )


_add_errors = service_errors_to_form


def _section(version, pk: int) -> PlanSection:
    return get_object_or_404(PlanSection, version=version, pk=pk)


SECTION_FIELDS = ("kind", "heading_en", "heading_fr", "body_en", "body_fr")


@require_http_methods(["GET", "POST"])
@staff_permission("plans.manage_plan")
def staff_section_edit(request: HttpRequest, slug: str, number: int, pk: int) -> HttpResponse:
    version = selectors.any_version(slug, number)
    section = _section(version, pk)
    form = SectionForm(
        request.POST if request.method == "POST" else None,
        initial={name: getattr(section, name) for name in SECTION_FIELDS},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_section_update(section=section, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The section was saved."))
            return redirect("plans:staff_version", slug=slug, number=number)
    return render(
        request,
        "plans/staff/section_form.html",
        {"process": version.plan.process, "version": version, "form": form, "section": section},
    )


@require_POST
@staff_permission("plans.manage_plan")
def staff_section_move(request: HttpRequest, slug: str, number: int, pk: int) -> HttpResponse:
    version = selectors.any_version(slug, number)
    offset = -1 if request.POST.get("direction") == "up" else 1
    try:
        services.plan_section_move(section=_section(version, pk), offset=offset)
    except ValidationError as error:
        _errors(request, error)
    return redirect("plans:staff_version", slug=slug, number=number)


@require_POST
@staff_permission("plans.manage_plan")
def staff_section_delete(request: HttpRequest, slug: str, number: int, pk: int) -> HttpResponse:
    version = selectors.any_version(slug, number)
    try:
        services.plan_section_delete(section=_section(version, pk))
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The section was removed."))
    return redirect("plans:staff_version", slug=slug, number=number)


@require_POST
@staff_permission("plans.manage_plan")
def staff_cabinet_submit(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    version = selectors.any_version(slug, number)
    form = CabinetSubmitForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    else:
        try:
            services.cabinet_review_submit(
                version=version,
                actor=request.user,
                notes_en=form.cleaned_data["notes_en"],
                notes_fr=form.cleaned_data["notes_fr"],
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("The version was submitted to Cabinet review."))
    return redirect("plans:staff_version", slug=slug, number=number)


@require_POST
@staff_permission("plans.manage_plan")
def staff_cabinet_decide(request: HttpRequest, slug: str, number: int, pk: int) -> HttpResponse:
    version = selectors.any_version(slug, number)
    review = get_object_or_404(CabinetReview, version=version, pk=pk)
    form = CabinetDecisionForm(request.POST)
    if not form.is_valid():
        if "status" in form.errors:
            messages.error(request, _("Choose the outcome of the Cabinet review."))
        for name in ("notes_en", "notes_fr"):
            for error in form.errors.get(name, []):
                messages.error(request, error)
    else:
        try:
            services.cabinet_review_decide(
                review=review,
                status=form.cleaned_data["status"],
                notes_en=form.cleaned_data["notes_en"],
                notes_fr=form.cleaned_data["notes_fr"],
                actor=request.user,
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("The outcome of the Cabinet review was recorded."))
    return redirect("plans:staff_version", slug=slug, number=number)


@require_POST
@staff_permission("plans.manage_plan")
def staff_version_publish(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    version = selectors.any_version(slug, number)
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose how to publish this version."))
        return redirect("plans:staff_version", slug=slug, number=number)
    try:
        services.plan_version_publish(
            version=version, status=form.cleaned_data["status"], actor=request.user
        )
    except ValidationError as error:
        _errors(request, error)
        return redirect("plans:staff_version", slug=slug, number=number)
    messages.success(request, _("Version %(number)s is published.") % {"number": number})
    return redirect(version.get_absolute_url())


@require_POST
@staff_permission("plans.manage_plan")
def staff_version_discard(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    version = selectors.any_version(slug, number)
    try:
        services.plan_version_discard(version=version, actor=request.user)
    except ValidationError as error:
        _errors(request, error)
    return redirect("plans:staff_plan", slug=slug)


@require_http_methods(["GET", "POST"])
@staff_permission("plans.explain_changes")
def staff_changes(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """Every change of the final plan, each with a form to explain it and cite comments."""
    version = selectors.published_version(slug, number)
    if version.based_on is None:
        raise Http404
    if request.method == "POST" and _explanation_saved(request, version):
        messages.success(request, _("The explanation was saved."))
        return redirect("plans:staff_changes", slug=slug, number=number)
    changes, _draft = selectors.version_changes(version)
    return render(
        request,
        "plans/staff/changes.html",
        {
            "process": version.plan.process,
            "version": version,
            "changes": [section for section in changes if section.kind != "unchanged"],
        },
    )


def _explanation_saved(request: HttpRequest, version: PlanVersion) -> bool:
    """Save the posted explanation; say what is wrong (messages) when it cannot be."""
    form = ExplanationForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return False
    data = form.cleaned_data
    try:
        services.change_explain(
            version=version,
            old_paragraph=_paragraph_or_none(data["old"]),
            new_paragraph=_paragraph_or_none(data["new"]),
            explanation_en=data["explanation_en"],
            explanation_fr=data["explanation_fr"],
            cited_comment_ids=data["cited"],
        )
    except ValidationError as error:
        _errors(request, error)
        return False
    return True


def _paragraph_or_none(pk: int | None) -> PlanParagraph | None:
    if not pk:
        return None
    paragraph = PlanParagraph.objects.filter(pk=pk).first()
    if paragraph is None:
        raise ValidationError(_("Choose the change to explain."))
    return paragraph

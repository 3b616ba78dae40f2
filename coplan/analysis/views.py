"""Analysis pages: the analyst workspace (staff) and the published What We Heard reports."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coplan.contributions.models import Contribution
from coplan.core.pagination import paginate
from coplan.core.permissions import staff_permission
from coplan.processes.models import Opportunity, Phase, Process

from . import charts, selectors, services, tasks
from .forms import (
    AdoptForm,
    CodingForm,
    DiscoverForm,
    MergeForm,
    QueueFilterForm,
    ReportCreateForm,
    SplitForm,
    ThemeForm,
    TranslationForm,
)
from .models import Coding, Disposition, Report, Theme, TopicCandidate


def _errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _filters(
    request: HttpRequest, process: Process
) -> tuple[QueueFilterForm, selectors.QueueFilters]:
    phases = list(Phase.objects.filter(process=process))
    opportunities = list(Opportunity.objects.filter(phase__process=process))
    form = QueueFilterForm(
        request.GET or None,
        phases=phases,
        opportunities=opportunities,
        themes=selectors.flat_codebook(process),
    )
    if form.is_bound and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        return form, selectors.QueueFilters(**data)
    return form, selectors.QueueFilters()


def _filter_query(request: HttpRequest) -> str:
    keep = {k: v for k, v in request.GET.items() if k in QueueFilterForm.base_fields and v}
    return urlencode(keep)


@staff_permission("analysis.code")
def workspace_home(request: HttpRequest) -> HttpResponse:
    processes = list(Process.objects.order_by("-starts_on"))
    if len(processes) == 1:
        return redirect("analysis:queue", slug=processes[0].slug)
    return render(request, "analysis/workspace_home.html", {"processes": processes})


@staff_permission("analysis.code")
def queue(request: HttpRequest, slug: str) -> HttpResponse:
    """The queue of contributions to code, with filters, search and counts."""
    process = get_object_or_404(Process, slug=slug)
    form, filters = _filters(request, process)
    counts = selectors.queue_counts(process)
    page = selectors.queue_page(
        process,
        filters,
        older=request.GET.get("older"),
        newer=request.GET.get("newer"),
        counts=counts,
    )
    return render(
        request,
        "analysis/queue.html",
        {
            "process": process,
            "form": form,
            "page": page,
            "counts": counts,
            "quality": selectors.current_quality(process),
            "filter_query": _filter_query(request),
        },
    )


def _neighbours(
    process: Process, filters: selectors.QueueFilters, pk: int
) -> tuple[int | None, int | None]:
    """The previous and next contributions of the filtered queue around `pk`."""
    ordered = selectors.queue(process, filters)
    current = Contribution.objects.filter(pk=pk).values_list("received_at", flat=True).first()
    newer = (
        (ordered.filter(received_at__gt=current) | ordered.filter(received_at=current, pk__gt=pk))
        .order_by("received_at", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    older = (
        (ordered.filter(received_at__lt=current) | ordered.filter(received_at=current, pk__lt=pk))
        .values_list("pk", flat=True)
        .first()
    )
    return newer, older


@staff_permission("analysis.code")
def code(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Code one contribution: themes, disposition, response and note, keyboard first."""
    process = get_object_or_404(Process, slug=slug)
    contribution = get_object_or_404(
        selectors.with_coding_details(Contribution.objects.filter(process=process)), pk=pk
    )
    themes = selectors.flat_codebook(process)
    _form, filters = _filters(request, process)
    previous_pk, next_pk = _neighbours(process, filters, contribution.pk)
    codings = list(contribution.codings.all())
    assessment = getattr(contribution, "assessment", None)
    if request.method == "POST":
        form = CodingForm(request.POST, themes=themes)
        if form.is_valid():
            by_pk = {t.pk: t for t in themes}
            chosen = [by_pk[p] for p in form.cleaned_data["themes"] if p in by_pk]
            primary = by_pk.get(form.cleaned_data["primary_theme"])
            try:
                services.contribution_code(
                    contribution=contribution,
                    themes=chosen,
                    user=request.user,
                    disposition=form.cleaned_data["disposition"],
                    primary_theme=primary,
                    note=form.cleaned_data["note"],
                    response_en=form.cleaned_data["response_en"],
                    response_fr=form.cleaned_data["response_fr"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, _("Contribution %(number)s saved.") % {"number": contribution.pk}
                )
                query = _filter_query(request)
                if next_pk and "save_next" in request.POST:
                    target = reverse("analysis:code", kwargs={"slug": slug, "pk": next_pk})
                elif "save_next" in request.POST:
                    target = reverse("analysis:queue", kwargs={"slug": slug})
                else:
                    target = reverse("analysis:code", kwargs={"slug": slug, "pk": contribution.pk})
                return redirect(f"{target}?{query}" if query else target)
    else:
        initial = {
            "themes": [c.theme_id for c in codings if c.confirmed],
            "primary_theme": assessment.primary_theme_id if assessment else None,
            "disposition": assessment.disposition_id if assessment else None,
            "note": assessment.note if assessment else "",
            "response_en": assessment.response_en if assessment else "",
            "response_fr": assessment.response_fr if assessment else "",
        }
        form = CodingForm(initial=initial, themes=themes)
    suggestions = {c.theme_id: c for c in codings if not c.confirmed}
    keyed = []
    for number, theme in enumerate(themes, start=1):
        keyed.append(
            {
                "theme": theme,
                "key": str(number % 10) if number <= 10 else "",
                "suggestion": suggestions.get(theme.pk),
                "checked": str(theme.pk) in [str(v) for v in (form["themes"].value() or [])],
            }
        )
    return render(
        request,
        "analysis/code.html",
        {
            "process": process,
            "contribution": contribution,
            "form": form,
            "keyed_themes": keyed,
            "suggestions": [c for c in codings if not c.confirmed],
            "membership": getattr(contribution, "campaign_membership", None),
            "translations": list(contribution.translations.all()),
            "translation_form": TranslationForm(),
            "previous_pk": previous_pk,
            "next_pk": next_pk,
            "filter_query": _filter_query(request),
            "dispositions": list(Disposition.objects.all()),
        },
    )


@require_POST
@staff_permission("analysis.code")
def suggestion_decide(request: HttpRequest, slug: str, pk: int, decision: str) -> HttpResponse:
    if decision not in ("accept", "reject"):
        raise Http404
    coding = get_object_or_404(
        Coding.objects.select_related("contribution"),
        pk=pk,
        contribution__process__slug=slug,
        source=Coding.Source.MACHINE,
    )
    try:
        if decision == "accept":
            services.suggestion_accept(coding=coding, user=request.user)
            messages.success(request, _("Suggestion accepted."))
        else:
            services.suggestion_reject(coding=coding, user=request.user)
            messages.success(request, _("Suggestion rejected."))
    except ValidationError as error:
        _errors(request, error)
    return redirect("analysis:code", slug=slug, pk=coding.contribution_id)


@require_POST
@staff_permission("analysis.code")
def translate(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    contribution = get_object_or_404(Contribution, pk=pk, process__slug=slug)
    form = TranslationForm(request.POST)
    if form.is_valid():
        try:
            services.translation_save(
                contribution=contribution,
                language=form.cleaned_data["language"],
                text=form.cleaned_data["text"],
                user=request.user,
            )
            messages.success(request, _("Translation saved."))
        except ValidationError as error:
            _errors(request, error)
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("analysis:code", slug=slug, pk=pk)


# --- Codebook ---------------------------------------------------------------------------------


@staff_permission("analysis.manage_codebook")
def codebook(request: HttpRequest, slug: str) -> HttpResponse:
    process = get_object_or_404(Process, slug=slug)
    form = ThemeForm(request.POST if request.method == "POST" else None, process=process)
    if request.method == "POST" and form.is_valid():
        try:
            services.theme_create(process=process, **form.cleaned_data)
        except (ValidationError, IntegrityError) as error:
            if isinstance(error, IntegrityError):
                form.add_error("code", _("Another theme already has this code."))
            else:
                form.add_error(None, error)
        else:
            messages.success(request, _("Theme added."))
            return redirect("analysis:codebook", slug=slug)
    counts = dict(
        Coding.objects.filter(theme__process=process, confirmed=True)
        .values("theme")
        .annotate(n=Count("pk"))
        .values_list("theme", "n")
    )
    themes = selectors.codebook(process)
    for top in themes:
        top.coded = counts.get(top.pk, 0)
        for sub in top.subthemes:
            sub.coded = counts.get(sub.pk, 0)
    return render(
        request, "analysis/codebook.html", {"process": process, "themes": themes, "form": form}
    )


@staff_permission("analysis.manage_codebook")
def theme_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    theme = get_object_or_404(Theme, pk=pk, process__slug=slug, is_active=True)
    initial = {
        "code": theme.code,
        "name_en": theme.name_en,
        "name_fr": theme.name_fr,
        "description_en": theme.description_en,
        "description_fr": theme.description_fr,
        "parent": theme.parent_id,
    }
    form = ThemeForm(
        request.POST if request.method == "POST" else None, initial=initial, process=theme.process
    )
    form.fields["code"].disabled = True
    merge_form = MergeForm(theme=theme)
    split_form = SplitForm()
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.theme_update(
                theme=theme,
                name_en=data["name_en"],
                name_fr=data["name_fr"],
                description_en=data["description_en"],
                description_fr=data["description_fr"],
                parent=data["parent"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Theme saved."))
            return redirect("analysis:codebook", slug=slug)
    return render(
        request,
        "analysis/theme_edit.html",
        {
            "process": theme.process,
            "theme": theme,
            "form": form,
            "merge_form": merge_form,
            "split_form": split_form,
        },
    )


@require_POST
@staff_permission("analysis.manage_codebook")
def theme_merge(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    theme = get_object_or_404(Theme, pk=pk, process__slug=slug, is_active=True)
    form = MergeForm(request.POST, theme=theme)
    if form.is_valid():
        try:
            target = services.theme_merge(source=theme, target=form.cleaned_data["target"])
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(
                request,
                _("“%(source)s” was merged into “%(target)s”; its codings moved with it.")
                % {"source": theme, "target": target},
            )
            return redirect("analysis:codebook", slug=slug)
    else:
        messages.error(request, _("Choose the theme to merge into."))
    return redirect("analysis:theme_edit", slug=slug, pk=pk)


@require_POST
@staff_permission("analysis.manage_codebook")
def theme_split(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    theme = get_object_or_404(Theme, pk=pk, process__slug=slug, is_active=True)
    form = SplitForm(request.POST)
    if form.is_valid():
        try:
            created = services.theme_split(
                theme=theme, parts=form.cleaned_data["parts"], assignments={}
            )
        except (ValidationError, IntegrityError) as error:
            if isinstance(error, IntegrityError):
                messages.error(request, _("Another theme already has one of these codes."))
            else:
                _errors(request, error)
        else:
            messages.success(
                request,
                _("%(count)s new themes created from “%(theme)s”.")
                % {"count": len(created), "theme": theme},
            )
            return redirect("analysis:codebook", slug=slug)
    else:
        for error in form.errors.get("parts", []):
            messages.error(request, error)
    return redirect("analysis:theme_edit", slug=slug, pk=pk)


# --- Model, campaigns, topics -----------------------------------------------------------------


@require_POST
@staff_permission("analysis.code")
def retrain(request: HttpRequest, slug: str) -> HttpResponse:
    process = get_object_or_404(Process, slug=slug)
    tasks.retrain_process.enqueue(process.pk)
    messages.success(
        request, _("Retraining has started: suggestions and campaigns will refresh shortly.")
    )
    return redirect("analysis:queue", slug=slug)


@staff_permission("analysis.code")
def campaigns(request: HttpRequest, slug: str) -> HttpResponse:
    process = get_object_or_404(Process, slug=slug)
    if request.method == "POST":
        found = services.campaigns_detect(process=process)
        messages.success(request, _("%(count)s campaigns found.") % {"count": len(found)})
        return redirect("analysis:campaigns", slug=slug)
    from .models import Campaign

    page = paginate(
        Campaign.objects.filter(process=process).select_related("representative"),
        request.GET.get("page"),
    )
    return render(request, "analysis/campaigns.html", {"process": process, "page": page})


@staff_permission("analysis.manage_codebook")
def topics(request: HttpRequest, slug: str) -> HttpResponse:
    process = get_object_or_404(Process, slug=slug)
    form = DiscoverForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.topics_discover(
            process=process, seed=form.cleaned_data["seed"], topics=form.cleaned_data["topics"]
        )
        messages.success(request, _("Candidate themes are ready."))
        return redirect("analysis:topics", slug=slug)
    run = selectors.latest_topics(process)
    candidates = list(run.candidates.all()) if run else []
    examples = {
        c.pk: c
        for c in Contribution.objects.filter(
            pk__in=[pk for cand in candidates for pk in cand.example_ids]
        )
    }
    for candidate in candidates:
        candidate.examples = [examples[pk] for pk in candidate.example_ids if pk in examples]
        candidate.adopt_form = AdoptForm(prefix=f"c{candidate.pk}")
    return render(
        request,
        "analysis/topics.html",
        {"process": process, "form": form, "run": run, "candidates": candidates},
    )


@require_POST
@staff_permission("analysis.manage_codebook")
def topic_adopt(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    candidate = get_object_or_404(
        TopicCandidate.objects.select_related("run__process"), pk=pk, run__process__slug=slug
    )
    form = AdoptForm(request.POST, prefix=f"c{candidate.pk}")
    if form.is_valid():
        try:
            theme = services.topic_adopt(candidate=candidate, **form.cleaned_data)
        except (ValidationError, IntegrityError) as error:
            if isinstance(error, IntegrityError):
                messages.error(request, _("Another theme already has this code."))
            else:
                _errors(request, error)
        else:
            messages.success(
                request,
                _("“%(theme)s” is now in the codebook; its contributions carry it as a suggestion.")
                % {"theme": theme},
            )
            return redirect("analysis:codebook", slug=slug)
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("analysis:topics", slug=slug)


# --- Reports ----------------------------------------------------------------------------------


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


def _report_context(report: Report, request: HttpRequest) -> dict:
    language = request.LANGUAGE_CODE if request.LANGUAGE_CODE in ("en", "fr") else "en"
    return charts.report_context(report, language)


@staff_permission("analysis.write_report")
def report_staff(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    report = get_object_or_404(
        Report.objects.select_related("process", "phase"), pk=pk, process__slug=slug
    )
    if request.method == "POST":
        try:
            services.report_publish(report=report)
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("The report is published."))
        return redirect("analysis:report_staff", slug=slug, pk=pk)
    return render(
        request, "analysis/report.html", {**_report_context(report, request), "staff": True}
    )


def report_public(request: HttpRequest, pk: int) -> HttpResponse:
    """A published What We Heard report, rendered from its frozen snapshot."""
    report = get_object_or_404(
        Report.objects.select_related("process", "phase"), pk=pk, status=Report.Status.PUBLISHED
    )
    return render(request, "analysis/report.html", _report_context(report, request))


def report_pdf(request: HttpRequest, pk: int) -> FileResponse:
    """The stored PDF (laid out once per published report and language, see analysis.pdf)."""
    report = get_object_or_404(
        Report.objects.select_related("process", "phase"), pk=pk, status=Report.Status.PUBLISHED
    )
    from .pdf import report_pdf_path

    language = request.LANGUAGE_CODE if request.LANGUAGE_CODE in ("en", "fr") else "en"
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

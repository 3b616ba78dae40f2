"""The analyst's workspace: the queue of contributions and the page that codes one."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coplan.contributions.models import Contribution
from coplan.core.permissions import staff_permission
from coplan.processes.models import Opportunity, Phase, Process

from .. import selectors, services
from ..forms import CodingForm, QueueFilterForm, TranslationForm
from ..models import Coding, Disposition, Theme
from . import say_errors, say_form_errors


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
    if request.method != "POST":
        form = CodingForm(initial=_coding_initial(contribution, codings), themes=themes)
    else:
        form = CodingForm(request.POST, themes=themes)
        if form.is_valid() and _coding_saved(request, form, contribution, themes):
            return redirect(_after_coding(request, slug, contribution.pk, next_pk))
    context = _code_context(request, contribution, form, themes, codings)
    return render(
        request,
        "analysis/code.html",
        {**context, "process": process, "previous_pk": previous_pk, "next_pk": next_pk},
    )


def _coding_initial(contribution: Contribution, codings: list[Coding]) -> dict[str, Any]:
    """The form as the analyst left it: confirmed themes and the assessment's fields."""
    assessment = getattr(contribution, "assessment", None)
    return {
        "themes": [c.theme_id for c in codings if c.confirmed],
        "primary_theme": assessment.primary_theme_id if assessment else None,
        "disposition": assessment.disposition_id if assessment else None,
        "note": assessment.note if assessment else "",
        "response_en": assessment.response_en if assessment else "",
        "response_fr": assessment.response_fr if assessment else "",
    }


def _coding_saved(
    request: HttpRequest, form: CodingForm, contribution: Contribution, themes: list[Theme]
) -> bool:
    """Save the coding; a refusal goes onto the form and answers False."""
    by_pk = {t.pk: t for t in themes}
    data = form.cleaned_data
    try:
        services.contribution_code(
            contribution=contribution,
            themes=[by_pk[p] for p in data["themes"] if p in by_pk],
            user=request.user,
            disposition=data["disposition"],
            primary_theme=by_pk.get(data["primary_theme"]),
            note=data["note"],
            response_en=data["response_en"],
            response_fr=data["response_fr"],
        )
    except ValidationError as error:
        form.add_error(None, error)
        return False
    messages.success(request, _("Contribution %(number)s saved.") % {"number": contribution.pk})
    return True


def _after_coding(request: HttpRequest, slug: str, pk: int, next_pk: int | None) -> str:
    """ "Save and next" goes to the next contribution of the filtered queue (or back to the
    queue after the last one); "Save" stays on the contribution. The filters come along."""
    if next_pk and "save_next" in request.POST:
        target = reverse("analysis:code", kwargs={"slug": slug, "pk": next_pk})
    elif "save_next" in request.POST:
        target = reverse("analysis:queue", kwargs={"slug": slug})
    else:
        target = reverse("analysis:code", kwargs={"slug": slug, "pk": pk})
    return _with_filters(request, target)


def _with_filters(request: HttpRequest, target: str) -> str:
    """The address with the queue's filters, so that the analyst stays in the same queue."""
    query = _filter_query(request)
    return f"{target}?{query}" if query else target


def _keyed_themes(themes: list[Theme], codings: list[Coding], form: CodingForm) -> list[dict]:
    """Each theme with its keyboard key (1 to 9, then 0), its suggestion and whether it is
    ticked."""
    suggestions = {c.theme_id: c for c in codings if not c.confirmed}
    ticked = [str(v) for v in (form["themes"].value() or [])]
    return [
        {
            "theme": theme,
            "key": str(number % 10) if number <= 10 else "",
            "suggestion": suggestions.get(theme.pk),
            "checked": str(theme.pk) in ticked,
        }
        for number, theme in enumerate(themes, start=1)
    ]


def _code_context(
    request: HttpRequest,
    contribution: Contribution,
    form: CodingForm,
    themes: list[Theme],
    codings: list[Coding],
) -> dict[str, Any]:
    return {
        "contribution": contribution,
        "form": form,
        "keyed_themes": _keyed_themes(themes, codings, form),
        "suggestions": [c for c in codings if not c.confirmed],
        "membership": getattr(contribution, "campaign_membership", None),
        "translations": list(contribution.translations.all()),
        "translation_form": TranslationForm(),
        "filter_query": _filter_query(request),
        "dispositions": list(Disposition.objects.all()),
    }


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
        say_errors(request, error)
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
            say_errors(request, error)
    else:
        say_form_errors(request, form)
    return redirect("analysis:code", slug=slug, pk=pk)

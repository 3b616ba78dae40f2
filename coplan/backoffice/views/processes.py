"""Processes, their six phases and their opportunities: create, change, reorder, choose the
current phase, close; open or close an opportunity now."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coplan.core.formpage import form_page
from coplan.core.permissions import staff_permission
from coplan.events.models import Event
from coplan.processes import building
from coplan.processes.models import Opportunity, Phase, Process
from coplan.surveys import building as survey_building
from coplan.surveys.models import Questionnaire

from ..forms import CurrentPhaseForm, FormGroup, OpportunityForm, PhaseForm, ProcessForm
from ._common import process_by_slug as _process

# Processes and phases ------------------------------------------------------------------------


def _kind_names(kind: Phase.Kind) -> dict[str, str]:
    names = {}
    for language in ("en", "fr"):
        with translation.override(language):
            names[f"name_{language}"] = str(kind.label)
    return names


def _phase_forms(data, process: Process | None = None) -> list[PhaseForm]:
    """One form per phase: the six kinds in order for a new process, else its phases."""
    forms = []
    if process is None:
        for number, kind in enumerate(Phase.Kind, 1):
            form = PhaseForm(
                data, prefix=f"phase-{kind.value}", initial=_kind_names(kind), number=number
            )
            form.legend = kind.label
            forms.append(form)
        return forms
    for number, phase in enumerate(process.phases.order_by("position"), 1):
        form = PhaseForm(
            data, prefix=f"phase-{phase.pk}", instance=phase, with_position=True, number=number
        )
        form.legend = phase.name
        forms.append(form)
    return forms


def _to_process(process: Process) -> HttpResponse:
    return redirect("backoffice:process", slug=process.slug)


@staff_permission("processes.manage_process")
def process_list(request: HttpRequest) -> HttpResponse:
    """Every process, newest first, with the way to create one."""
    processes = Process.objects.order_by("-starts_on", "pk")
    return render(request, "backoffice/process_list.html", {"processes": processes})


@staff_permission("processes.manage_process")
def process_create(request: HttpRequest) -> HttpResponse:
    """A new process and its six phases, English and French side by side."""
    data = request.POST if request.method == "POST" else None
    form, phase_forms = ProcessForm(data), _phase_forms(data)
    return form_page(
        request,
        "backoffice/process_create.html",
        {"form": form, "phase_forms": phase_forms, "all_forms": FormGroup(form, *phase_forms)},
        forms=[form, *phase_forms],
        save=lambda: building.process_create(
            process_data=form.cleaned_data, phases_data=[f.cleaned_data for f in phase_forms]
        ),
        success=_("The process and its six phases are created."),
        done=_to_process,
    )


@staff_permission("processes.manage_process", load=_process)
def process_detail(request: HttpRequest, process: Process) -> HttpResponse:
    """The process's phases and their opportunities, with what staff may do with each."""
    phases = list(process.phases.order_by("position").prefetch_related("opportunities"))
    sessions = Event.objects.filter(opportunity__phase__process=process).order_by("starts_at")
    questionnaires = Questionnaire.objects.filter(opportunity__phase__process=process).order_by(
        "opportunity__phase__position", "position", "pk"
    )
    return render(
        request,
        "backoffice/process_detail.html",
        {
            "process": process,
            "phases": phases,
            "sessions": list(sessions),
            "questionnaires": list(questionnaires),
            "offers_sessions": any(
                o.kind == Opportunity.Kind.SESSIONS for p in phases for o in p.opportunities.all()
            ),
            "current": process.current_phase(phases),
            "current_form": CurrentPhaseForm(
                process=process, initial={"phase": process.current_phase_override_id}
            ),
        },
    )


@staff_permission("processes.manage_process", load=_process)
def process_edit(request: HttpRequest, process: Process) -> HttpResponse:
    """The process's texts (English and French side by side), dates and privacy notice."""
    form = ProcessForm(request.POST if request.method == "POST" else None, instance=process)
    return form_page(
        request,
        "backoffice/process_edit.html",
        {"process": process, "form": form},
        forms=[form],
        save=lambda: building.process_update(process=process, data=form.cleaned_data),
        success=_("The process is saved."),
        done=lambda _saved: _to_process(process),
    )


@staff_permission("processes.manage_process", load=_process)
def phases_edit(request: HttpRequest, process: Process) -> HttpResponse:
    """The phases' texts, dates and order, changed together (nothing is saved if one is wrong)."""
    phase_forms = _phase_forms(request.POST if request.method == "POST" else None, process)
    return form_page(
        request,
        "backoffice/phases_edit.html",
        {"process": process, "phase_forms": phase_forms, "all_forms": FormGroup(*phase_forms)},
        forms=phase_forms,
        save=lambda: building.phases_update(
            process=process, changes={f.instance.pk: f.cleaned_data for f in phase_forms}
        ),
        success=_("The phases are saved."),
        done=lambda _saved: _to_process(process),
    )


@require_POST
@staff_permission("processes.manage_process", load=_process)
def current_phase_set(request: HttpRequest, process: Process) -> HttpResponse:
    """Show one phase as current whatever the dates, or follow the dates again."""
    form = CurrentPhaseForm(request.POST, process=process)
    if not form.is_valid():
        messages.error(request, _("Choose one of this process's phases."))
        return _to_process(process)
    building.process_current_phase_set(process=process, phase=form.cleaned_data["phase"])
    messages.success(request, _("The current phase is saved."))
    return _to_process(process)


@staff_permission("processes.manage_process", load=_process)
def process_close(request: HttpRequest, process: Process) -> HttpResponse:
    """Close the process (after a confirmation page): retention starts counting today."""
    if request.method == "POST":
        try:
            building.process_close(process=process)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The process is closed."))
        return _to_process(process)
    return render(request, "backoffice/process_close.html", {"process": process})


# Opportunities -------------------------------------------------------------------------------


def _opportunity(slug: str, pk: int) -> Opportunity:
    return get_object_or_404(
        Opportunity.objects.select_related("phase__process"), phase__process__slug=slug, pk=pk
    )


def _to_opportunity(opportunity: Opportunity) -> HttpResponse:
    return redirect(
        "backoffice:opportunity", slug=opportunity.phase.process.slug, pk=opportunity.pk
    )


def _opportunity_form_page(
    request: HttpRequest, process: Process, opportunity: Opportunity | None
) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = OpportunityForm(data, instance=opportunity, process=process)
    return form_page(
        request,
        "backoffice/opportunity_form.html",
        {"process": process, "opportunity": opportunity, "form": form},
        forms=[form],
        save=lambda: building.opportunity_save(
            phase=form.cleaned_data["phase"],
            data={k: v for k, v in form.cleaned_data.items() if k != "phase"},
            opportunity=opportunity,
        ),
        success=_("The opportunity is saved."),
        done=_to_opportunity,
    )


@staff_permission("processes.manage_process", load=_process)
def opportunity_create(request: HttpRequest, process: Process) -> HttpResponse:
    """A new opportunity, to be announced until it opens (by its date, or by hand)."""
    return _opportunity_form_page(request, process, None)


@staff_permission("processes.manage_process", load=_opportunity)
def opportunity_edit(request: HttpRequest, opportunity: Opportunity) -> HttpResponse:
    """Change an opportunity: texts, schedule (a later closing time extends it), who may take
    part; open or close it now."""
    return _opportunity_form_page(request, opportunity.phase.process, opportunity)


@require_POST
@staff_permission("processes.manage_process", load=_opportunity)
def opportunity_open(request: HttpRequest, opportunity: Opportunity) -> HttpResponse:
    """Open now: subscribers hear of it, the public pages show it open."""
    try:
        # A questionnaire without questions would open to nothing to answer.
        survey_building.questionnaires_check_ready(opportunity=opportunity)
        building.opportunity_open_now(opportunity=opportunity)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The opportunity is open."))
    return _to_opportunity(opportunity)


@require_POST
@staff_permission("processes.manage_process", load=_opportunity)
def opportunity_close(request: HttpRequest, opportunity: Opportunity) -> HttpResponse:
    """Close now: it stops taking input."""
    try:
        building.opportunity_close_now(opportunity=opportunity)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The opportunity is closed."))
    return _to_opportunity(opportunity)

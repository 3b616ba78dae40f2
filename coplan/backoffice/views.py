"""The back office: a staff home per role, and the pages that build and run a process."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Case, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coplan.core.pagination import paginate
from coplan.core.permissions import staff_permission
from coplan.events import building as event_building
from coplan.events.models import Event
from coplan.privacy import services as privacy_services
from coplan.privacy.models import CorrectionRequest
from coplan.processes import building
from coplan.processes.models import Opportunity, Phase, Process, StaticPage
from coplan.surveys import building as survey_building
from coplan.surveys.models import Question, Questionnaire

from . import selectors
from .forms import (
    ChoiceForm,
    CorrectionAnswerForm,
    CurrentPhaseForm,
    EventForm,
    FormGroup,
    OpportunityForm,
    PhaseForm,
    ProcessForm,
    QuestionForm,
    QuestionnaireCopyForm,
    QuestionnaireForm,
    StaticPageForm,
)


@staff_permission("backoffice.view_home")
def home(request: HttpRequest) -> HttpResponse:
    """What waits for this staff member, each count a link to the work."""
    waiting = selectors.waiting_for(request.user)
    return render(request, "backoffice/home.html", {"waiting": waiting})


# Processes and phases ------------------------------------------------------------------------


def _process(slug: str) -> Process:
    return get_object_or_404(Process, slug=slug)


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
    errors: list[str] = []
    if data is not None:
        if form.is_valid() and all([f.is_valid() for f in phase_forms]):
            try:
                process = building.process_create(
                    process_data=form.cleaned_data,
                    phases_data=[f.cleaned_data for f in phase_forms],
                )
            except ValidationError as error:
                errors = error.messages
            else:
                messages.success(request, _("The process and its six phases are created."))
                return redirect("backoffice:process", slug=process.slug)
    context = {
        "form": form,
        "phase_forms": phase_forms,
        "all_forms": FormGroup(form, *phase_forms),
        "errors": errors,
    }
    return render(request, "backoffice/process_create.html", context, status=400 if data else 200)


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
    data = request.POST if request.method == "POST" else None
    form = ProcessForm(data, instance=process)
    errors: list[str] = []
    if data is not None and form.is_valid():
        try:
            building.process_update(process=process, data=form.cleaned_data)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("The process is saved."))
            return redirect("backoffice:process", slug=process.slug)
    context = {"process": process, "form": form, "errors": errors}
    return render(request, "backoffice/process_edit.html", context, status=400 if data else 200)


@staff_permission("processes.manage_process", load=_process)
def phases_edit(request: HttpRequest, process: Process) -> HttpResponse:
    """The phases' texts, dates and order, changed together (nothing is saved if one is wrong)."""
    data = request.POST if request.method == "POST" else None
    phase_forms = _phase_forms(data, process)
    errors: list[str] = []
    if data is not None:
        if all([f.is_valid() for f in phase_forms]):
            changes = {f.instance.pk: f.cleaned_data for f in phase_forms}
            try:
                building.phases_update(process=process, changes=changes)
            except ValidationError as error:
                errors = error.messages
            else:
                messages.success(request, _("The phases are saved."))
                return redirect("backoffice:process", slug=process.slug)
    context = {
        "process": process,
        "phase_forms": phase_forms,
        "all_forms": FormGroup(*phase_forms),
        "errors": errors,
    }
    return render(request, "backoffice/phases_edit.html", context, status=400 if data else 200)


@require_POST
@staff_permission("processes.manage_process", load=_process)
def current_phase_set(request: HttpRequest, process: Process) -> HttpResponse:
    """Show one phase as current whatever the dates, or follow the dates again."""
    form = CurrentPhaseForm(request.POST, process=process)
    if not form.is_valid():
        messages.error(request, _("Choose one of this process's phases."))
        return redirect("backoffice:process", slug=process.slug)
    building.process_current_phase_set(process=process, phase=form.cleaned_data["phase"])
    messages.success(request, _("The current phase is saved."))
    return redirect("backoffice:process", slug=process.slug)


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
        return redirect("backoffice:process", slug=process.slug)
    return render(request, "backoffice/process_close.html", {"process": process})


# Opportunities -------------------------------------------------------------------------------


def _opportunity(slug: str, pk: int) -> Opportunity:
    return get_object_or_404(
        Opportunity.objects.select_related("phase__process"), phase__process__slug=slug, pk=pk
    )


def _opportunity_form_page(
    request: HttpRequest, process: Process, opportunity: Opportunity | None
) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = OpportunityForm(data, instance=opportunity, process=process)
    errors: list[str] = []
    if data is not None and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "phase"}
        try:
            saved = building.opportunity_save(
                phase=form.cleaned_data["phase"], data=values, opportunity=opportunity
            )
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("The opportunity is saved."))
            return redirect("backoffice:opportunity", slug=process.slug, pk=saved.pk)
    context = {"process": process, "opportunity": opportunity, "form": form, "errors": errors}
    return render(request, "backoffice/opportunity_form.html", context, status=400 if data else 200)


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
    return redirect(
        "backoffice:opportunity", slug=opportunity.phase.process.slug, pk=opportunity.pk
    )


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
    return redirect(
        "backoffice:opportunity", slug=opportunity.phase.process.slug, pk=opportunity.pk
    )


# Sessions ------------------------------------------------------------------------------------


def _event(slug: str, pk: int) -> Event:
    return get_object_or_404(
        Event.objects.select_related("opportunity__phase__process"),
        opportunity__phase__process__slug=slug,
        pk=pk,
    )


def _session_form_page(request: HttpRequest, process: Process, event: Event | None) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = EventForm(data, instance=event, process=process)
    errors: list[str] = []
    if data is not None and form.is_valid():
        try:
            saved = event_building.event_save(data=form.cleaned_data, event=event)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("The session is saved."))
            return redirect("backoffice:session", slug=process.slug, pk=saved.pk)
    context = {"process": process, "event": event, "form": form, "errors": errors}
    return render(request, "backoffice/session_form.html", context, status=400 if data else 200)


@staff_permission("events.add_event", load=_process)
def session_create(request: HttpRequest, process: Process) -> HttpResponse:
    """A new in-person, online or hybrid session of one of the process's session offers."""
    return _session_form_page(request, process, None)


@staff_permission("events.change_event", load=_event)
def session_edit(request: HttpRequest, event: Event) -> HttpResponse:
    """Change a session; its capacity never below the people already confirmed."""
    return _session_form_page(request, event.opportunity.phase.process, event)


# Questionnaires ------------------------------------------------------------------------------

# Blank lines offered under a question's choices for new ones.
NEW_CHOICE_LINES = 3


def _questionnaire(slug: str, pk: int) -> Questionnaire:
    return get_object_or_404(
        Questionnaire.objects.select_related("opportunity__phase__process"),
        opportunity__phase__process__slug=slug,
        pk=pk,
    )


def _questionnaire_form_page(
    request: HttpRequest, process: Process, questionnaire: Questionnaire | None
) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = QuestionnaireForm(data, instance=questionnaire, process=process)
    errors: list[str] = []
    if data is not None and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "opportunity"}
        try:
            saved = survey_building.questionnaire_save(
                opportunity=form.cleaned_data["opportunity"],
                data=values,
                questionnaire=questionnaire,
            )
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("The questionnaire is saved."))
            return redirect("backoffice:questionnaire", slug=process.slug, pk=saved.pk)
    questions = (
        list(questionnaire.questions.order_by("position").prefetch_related("choices"))
        if questionnaire
        else []
    )
    context = {
        "process": process,
        "questionnaire": questionnaire,
        "questions": questions,
        "form": form,
        "errors": errors,
    }
    return render(
        request, "backoffice/questionnaire_form.html", context, status=400 if data else 200
    )


@staff_permission("surveys.add_questionnaire", load=_process)
def questionnaire_create(request: HttpRequest, process: Process) -> HttpResponse:
    """A new questionnaire on one of the process's opportunities."""
    return _questionnaire_form_page(request, process, None)


@staff_permission("surveys.change_questionnaire", load=_questionnaire)
def questionnaire_edit(request: HttpRequest, questionnaire: Questionnaire) -> HttpResponse:
    """Its settings and texts, its questions in order, previews in both languages."""
    return _questionnaire_form_page(request, questionnaire.opportunity.phase.process, questionnaire)


def _question(slug: str, pk: int, question_pk: int) -> Question:
    return get_object_or_404(
        Question.objects.select_related("questionnaire__opportunity__phase__process"),
        questionnaire__opportunity__phase__process__slug=slug,
        questionnaire_id=pk,
        pk=question_pk,
    )


def _question_form_page(
    request: HttpRequest, questionnaire: Questionnaire, question: Question | None
) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = QuestionForm(data, instance=question)
    existing = list(question.choices.order_by("position")) if question else []
    lines = [{"label_en": c.label_en, "label_fr": c.label_fr} for c in existing]
    lines += [{}] * NEW_CHOICE_LINES
    choice_forms = [
        ChoiceForm(data, prefix=f"choice-{number}", initial=initial, number=number)
        for number, initial in enumerate(lines, 1)
    ]
    errors: list[str] = []
    process = questionnaire.opportunity.phase.process
    if data is not None and form.is_valid() and all([f.is_valid() for f in choice_forms]):
        choices = [f.cleaned_data for f in choice_forms if not f.is_blank]
        try:
            survey_building.question_save(
                questionnaire=questionnaire,
                data=form.cleaned_data,
                choices=choices,
                question=question,
            )
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("The question is saved."))
            return redirect("backoffice:questionnaire", slug=process.slug, pk=questionnaire.pk)
    context = {
        "process": process,
        "questionnaire": questionnaire,
        "question": question,
        "form": form,
        "choice_forms": choice_forms,
        "all_forms": FormGroup(form, *choice_forms),
        "errors": errors,
    }
    return render(request, "backoffice/question_form.html", context, status=400 if data else 200)


@staff_permission("surveys.add_question", load=_questionnaire)
def question_create(request: HttpRequest, questionnaire: Questionnaire) -> HttpResponse:
    """A new question at the end of the questionnaire, with its choices."""
    return _question_form_page(request, questionnaire, None)


@staff_permission("surveys.change_question", load=_question)
def question_edit(request: HttpRequest, question: Question) -> HttpResponse:
    """Change a question and its choices (after the first answers, only their texts)."""
    return _question_form_page(request, question.questionnaire, question)


def _back_to_questionnaire(question: Question) -> HttpResponse:
    questionnaire = question.questionnaire
    return redirect(
        "backoffice:questionnaire",
        slug=questionnaire.opportunity.phase.process.slug,
        pk=questionnaire.pk,
    )


@require_POST
@staff_permission("surveys.change_question", load=_question)
def question_move(request: HttpRequest, question: Question) -> HttpResponse:
    """Up or down one place (a button per direction: no script needed)."""
    offset = {"up": -1, "down": 1}.get(request.POST.get("direction", ""))
    if offset is None:
        messages.error(request, _("Move a question up or down one place."))
    else:
        survey_building.question_move(question=question, offset=offset)
        messages.success(request, _("The order of the questions is saved."))
    return _back_to_questionnaire(question)


@require_POST
@staff_permission("surveys.add_question", load=_question)
def question_copy(request: HttpRequest, question: Question) -> HttpResponse:
    """A copy of the question and its choices, right after it, to adapt."""
    try:
        survey_building.question_copy(question=question)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The question is copied: the copy follows it."))
    return _back_to_questionnaire(question)


@staff_permission("surveys.delete_question", load=_question)
def question_delete(request: HttpRequest, question: Question) -> HttpResponse:
    """Delete a question (after a confirmation page); refused once people have answered."""
    errors: list[str] = []
    if request.method == "POST":
        try:
            survey_building.question_delete(question=question)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("The question is deleted."))
            return _back_to_questionnaire(question)
    questionnaire = question.questionnaire
    context = {
        "process": questionnaire.opportunity.phase.process,
        "questionnaire": questionnaire,
        "question": question,
        "errors": errors,
    }
    return render(
        request, "backoffice/question_delete.html", context, status=400 if errors else 200
    )


@staff_permission("surveys.add_questionnaire", load=_process)
def questionnaire_copy(request: HttpRequest, process: Process) -> HttpResponse:
    """A new questionnaire copied from a past one (any process): settings, texts, questions
    and choices, ready to adapt."""
    data = request.POST if request.method == "POST" else None
    form = QuestionnaireCopyForm(data, process=process)
    errors: list[str] = []
    if data is not None and form.is_valid():
        try:
            copy = survey_building.questionnaire_copy(
                source=form.cleaned_data["source"], opportunity=form.cleaned_data["opportunity"]
            )
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("The questionnaire is copied: adapt it before opening."))
            return redirect("backoffice:questionnaire", slug=process.slug, pk=copy.pk)
    context = {"process": process, "form": form, "errors": errors}
    return render(
        request, "backoffice/questionnaire_copy.html", context, status=400 if data else 200
    )


# Correction requests -------------------------------------------------------------------------

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
    data = request.POST if request.method == "POST" else None
    form = CorrectionAnswerForm(data, correction=correction)
    errors: list[str] = []
    if data is not None and form.is_valid():
        try:
            privacy_services.correction_request_set_status(
                correction=correction,
                status=form.cleaned_data["status"],
                by=request.user,
                response=form.cleaned_data["response"],
            )
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("The correction request is saved."))
            return redirect("backoffice:correction", pk=correction.pk)
    context = {
        "correction": correction,
        "form": form,
        "errors": errors,
        "overdue": correction.is_overdue(),
    }
    return render(request, "backoffice/correction.html", context, status=400 if data else 200)


# Static pages --------------------------------------------------------------------------------


@staff_permission("processes.manage_pages")
def pages(request: HttpRequest) -> HttpResponse:
    """The site's static pages."""
    return render(request, "backoffice/pages.html", {"pages": StaticPage.objects.order_by("slug")})


def _static_page(page_slug: str) -> StaticPage:
    return get_object_or_404(StaticPage, slug=page_slug)


def _page_form_page(request: HttpRequest, page: StaticPage | None) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = StaticPageForm(data, instance=page)
    errors: list[str] = []
    if data is not None and form.is_valid():
        try:
            saved = building.static_page_save(data=form.cleaned_data, page=page)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("The page is saved."))
            return redirect("backoffice:page", page_slug=saved.slug)
    context = {"page": page, "form": form, "errors": errors}
    return render(request, "backoffice/page_form.html", context, status=400 if data else 200)


@staff_permission("processes.manage_pages")
def page_create(request: HttpRequest) -> HttpResponse:
    """A new static page, in both languages."""
    return _page_form_page(request, None)


@staff_permission("processes.manage_pages", load=_static_page)
def page_edit(request: HttpRequest, page: StaticPage) -> HttpResponse:
    """Change a static page's title and text, side by side in both languages."""
    return _page_form_page(request, page)

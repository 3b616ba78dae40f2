"""The questionnaire builder: a questionnaire on one of the process's opportunities (or a copy
of a past one), its questions in order with their choices in both languages; copy, move and
delete questions with plain buttons (no script needed)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coplan.core.formpage import form_page
from coplan.core.permissions import staff_permission
from coplan.processes.models import Process
from coplan.surveys import building as survey_building
from coplan.surveys.models import Question, Questionnaire

from ..forms import ChoiceForm, FormGroup, QuestionForm, QuestionnaireCopyForm, QuestionnaireForm
from ._common import process_by_slug as _process

# Blank lines offered under a question's choices for new ones.
NEW_CHOICE_LINES = 3


def _questionnaire(slug: str, pk: int) -> Questionnaire:
    return get_object_or_404(
        Questionnaire.objects.select_related("opportunity__phase__process"),
        opportunity__phase__process__slug=slug,
        pk=pk,
    )


def _question(slug: str, pk: int, question_pk: int) -> Question:
    return get_object_or_404(
        Question.objects.select_related("questionnaire__opportunity__phase__process"),
        questionnaire__opportunity__phase__process__slug=slug,
        questionnaire_id=pk,
        pk=question_pk,
    )


def _to_questionnaire(questionnaire: Questionnaire) -> HttpResponse:
    return redirect(
        "backoffice:questionnaire",
        slug=questionnaire.opportunity.phase.process.slug,
        pk=questionnaire.pk,
    )


def _questionnaire_form_page(
    request: HttpRequest, process: Process, questionnaire: Questionnaire | None
) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = QuestionnaireForm(data, instance=questionnaire, process=process)
    questions = (
        list(questionnaire.questions.order_by("position").prefetch_related("choices"))
        if questionnaire
        else []
    )
    return form_page(
        request,
        "backoffice/questionnaire_form.html",
        {"process": process, "questionnaire": questionnaire, "questions": questions, "form": form},
        forms=[form],
        save=lambda: survey_building.questionnaire_save(
            opportunity=form.cleaned_data["opportunity"],
            data={k: v for k, v in form.cleaned_data.items() if k != "opportunity"},
            questionnaire=questionnaire,
        ),
        success=_("The questionnaire is saved."),
        done=_to_questionnaire,
    )


@staff_permission("surveys.add_questionnaire", load=_process)
def questionnaire_create(request: HttpRequest, process: Process) -> HttpResponse:
    """A new questionnaire on one of the process's opportunities."""
    return _questionnaire_form_page(request, process, None)


@staff_permission("surveys.change_questionnaire", load=_questionnaire)
def questionnaire_edit(request: HttpRequest, questionnaire: Questionnaire) -> HttpResponse:
    """Its settings and texts, its questions in order, previews in both languages."""
    return _questionnaire_form_page(request, questionnaire.opportunity.phase.process, questionnaire)


@staff_permission("surveys.add_questionnaire", load=_process)
def questionnaire_copy(request: HttpRequest, process: Process) -> HttpResponse:
    """A new questionnaire copied from a past one (any process): settings, texts, questions
    and choices, ready to adapt."""
    data = request.POST if request.method == "POST" else None
    form = QuestionnaireCopyForm(data, process=process)
    return form_page(
        request,
        "backoffice/questionnaire_copy.html",
        {"process": process, "form": form},
        forms=[form],
        save=lambda: survey_building.questionnaire_copy(
            source=form.cleaned_data["source"], opportunity=form.cleaned_data["opportunity"]
        ),
        success=_("The questionnaire is copied: adapt it before opening."),
        done=_to_questionnaire,
    )


def _choice_forms(question: Question | None, data: QueryDict | None) -> list[ChoiceForm]:
    """A form per choice the question has, and NEW_CHOICE_LINES empty ones to add more."""
    existing = list(question.choices.order_by("position")) if question else []
    lines: list[dict[str, str]] = [
        {"label_en": c.label_en, "label_fr": c.label_fr} for c in existing
    ]
    lines += [{}] * NEW_CHOICE_LINES
    return [
        ChoiceForm(data, prefix=f"choice-{number}", initial=initial, number=number)
        for number, initial in enumerate(lines, 1)
    ]


def _question_form_page(
    request: HttpRequest, questionnaire: Questionnaire, question: Question | None
) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = QuestionForm(data, instance=question)
    choice_forms = _choice_forms(question, data)
    context = {
        "process": questionnaire.opportunity.phase.process,
        "questionnaire": questionnaire,
        "question": question,
        "form": form,
        "choice_forms": choice_forms,
        "all_forms": FormGroup(form, *choice_forms),
    }
    return form_page(
        request,
        "backoffice/question_form.html",
        context,
        forms=[form, *choice_forms],
        save=lambda: survey_building.question_save(
            questionnaire=questionnaire,
            data=form.cleaned_data,
            choices=[f.cleaned_data for f in choice_forms if not f.is_blank],
            question=question,
        ),
        success=_("The question is saved."),
        done=lambda _saved: _to_questionnaire(questionnaire),
    )


@staff_permission("surveys.add_question", load=_questionnaire)
def question_create(request: HttpRequest, questionnaire: Questionnaire) -> HttpResponse:
    """A new question at the end of the questionnaire, with its choices."""
    return _question_form_page(request, questionnaire, None)


@staff_permission("surveys.change_question", load=_question)
def question_edit(request: HttpRequest, question: Question) -> HttpResponse:
    """Change a question and its choices (after the first answers, only their texts)."""
    return _question_form_page(request, question.questionnaire, question)


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
    return _to_questionnaire(question.questionnaire)


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
    return _to_questionnaire(question.questionnaire)


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
            return _to_questionnaire(question.questionnaire)
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

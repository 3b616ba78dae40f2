"""Staff build questionnaires from the back office: the questionnaire, its questions in order,
their choices in both languages.

Once people have answered, the structure is the record of what they answered: questions and
choices can no longer be added, removed or change type (their texts may still be corrected).
Each function is atomic and validates before it writes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from coplan.processes.models import Opportunity

from .models import Choice, Question, Questionnaire, Response

# A choice question offers at least this many choices.
MIN_CHOICES = 2


def questionnaire_save(
    *,
    opportunity: Opportunity,
    data: Mapping[str, Any],
    questionnaire: Questionnaire | None = None,
) -> Questionnaire:
    """Create a questionnaire attached to `opportunity`, or change its settings and texts."""
    questionnaire = questionnaire or Questionnaire()
    questionnaire.opportunity = opportunity
    for name, value in data.items():
        setattr(questionnaire, name, value)
    questionnaire.full_clean()
    questionnaire.save()
    return questionnaire


def _has_responses(questionnaire: Questionnaire) -> bool:
    return Response.objects.filter(questionnaire=questionnaire).exists()


def question_save(
    *,
    questionnaire: Questionnaire,
    data: Mapping[str, Any],
    choices: Sequence[Mapping[str, str]],
    question: Question | None = None,
) -> Question:
    """Add a question at the end (or change one) with its choices, in their order.

    `choices` are {"label_en", "label_fr"} in order; both languages are required.
    """
    answered = _has_responses(questionnaire)
    question = question or Question(questionnaire=questionnaire)
    existing = list(question.choices.order_by("position", "pk")) if question.pk else []
    if answered and (
        question.pk is None
        or data.get("kind", question.kind) != question.kind
        or len(choices) != len(existing)
    ):
        raise ValidationError(
            _(
                "People have answered this questionnaire: its questions and choices can no "
                "longer be added, removed or change type; only their texts may be corrected."
            )
        )
    for name, value in data.items():
        setattr(question, name, value)
    if question.pk is None:
        last = questionnaire.questions.aggregate(last=Max("position"))["last"]
        question.position = (last or 0) + 1
    _check_choices(question, choices)
    question.full_clean(exclude=["questionnaire"])
    with transaction.atomic():
        question.save()
        for position, (labels, choice) in enumerate(
            zip(choices, existing + [None] * len(choices), strict=False), 1
        ):
            choice = choice or Choice(question=question)
            choice.position = position
            choice.label_en, choice.label_fr = labels["label_en"], labels["label_fr"]
            choice.save()
        Choice.objects.filter(pk__in=[c.pk for c in existing[len(choices) :]]).delete()
    return question


def _check_choices(question: Question, choices: Sequence[Mapping[str, str]]) -> None:
    if question.kind in Question.CHOICE_KINDS and len(choices) < MIN_CHOICES:
        raise ValidationError(
            _("A choice question needs at least %(count)s choices.") % {"count": MIN_CHOICES}
        )
    if question.kind not in Question.CHOICE_KINDS and choices:
        raise ValidationError(_("Only single, multiple choice and ranking questions have choices."))
    for number, labels in enumerate(choices, 1):
        if not (labels.get("label_en", "").strip() and labels.get("label_fr", "").strip()):
            raise ValidationError(
                _("Choice %(number)s needs its text in English and in French.") % {"number": number}
            )


def questionnaires_check_ready(*, opportunity: Opportunity) -> None:
    """Refuse to open an opportunity whose questionnaire has no question to answer."""
    empty = [
        questionnaire.title
        for questionnaire in opportunity.questionnaires.all()
        if not questionnaire.questions.exists()
    ]
    if empty:
        raise ValidationError(
            _("The questionnaire “%(title)s” has no question yet: add one before opening.")
            % {"title": empty[0]}
        )

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
from django.utils.translation import gettext_lazy as _lazy

from coplan.processes.models import Opportunity

from .models import Choice, Question, Questionnaire, Response

# A choice question offers at least this many choices.
MIN_CHOICES = 2
# Positions no question has, where questions wait while they are renumbered (each position is
# unique within a questionnaire, so a swap cannot be written in place).
PARKED_POSITION = 10_000

FROZEN_MESSAGE = _lazy(
    "People have answered this questionnaire: its questions and choices can no longer be "
    "added, removed or change type; only their texts may be corrected."
)


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
        raise ValidationError(str(FROZEN_MESSAGE))
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


def _renumber(questionnaire: Questionnaire, ordered: Sequence[Question]) -> None:
    """Number `ordered` 1, 2, 3… (two bulk updates, through parked positions)."""
    for offset, question in enumerate(ordered):
        question.position = PARKED_POSITION + offset
    Question.objects.bulk_update(ordered, ["position"])
    for position, question in enumerate(ordered, 1):
        question.position = position
    Question.objects.bulk_update(ordered, ["position"])


def _ordered(questionnaire: Questionnaire) -> list[Question]:
    return list(questionnaire.questions.select_for_update().order_by("position", "pk"))


def question_move(*, question: Question, offset: int) -> None:
    """Move a question up (-1) or down (+1) one place; at either end it stays where it is.

    Allowed after the first answers: the order changes how the questions are shown, not what
    was answered."""
    if offset not in (-1, 1):
        raise ValidationError(_("Move a question up or down one place."))
    with transaction.atomic():
        ordered = _ordered(question.questionnaire)
        index = next(i for i, q in enumerate(ordered) if q.pk == question.pk)
        target = index + offset
        if not 0 <= target < len(ordered):
            return
        ordered[index], ordered[target] = ordered[target], ordered[index]
        _renumber(question.questionnaire, ordered)


def question_copy(*, question: Question) -> Question:
    """A copy of the question and its choices, right after it (refused once people have
    answered: that would add a question)."""
    questionnaire = question.questionnaire
    if _has_responses(questionnaire):
        raise ValidationError(str(FROZEN_MESSAGE))
    with transaction.atomic():
        ordered = _ordered(questionnaire)
        choices = list(question.choices.order_by("position", "pk"))
        copy = _clone(question, questionnaire=questionnaire, position=PARKED_POSITION * 2)
        index = next(i for i, q in enumerate(ordered) if q.pk == question.pk)
        ordered.insert(index + 1, copy)
        _renumber(questionnaire, ordered)
        _clone_choices(choices, copy)
    return copy


def question_delete(*, question: Question) -> None:
    """Delete a question and its choices, the next ones moving up; refused once people have
    answered (their answers would go with it)."""
    questionnaire = question.questionnaire
    with transaction.atomic():
        if _has_responses(questionnaire):
            raise ValidationError(
                _(
                    "People have answered this questionnaire: its questions cannot be deleted "
                    "any more, since their answers would go with them."
                )
            )
        question.delete()
        _renumber(questionnaire, _ordered(questionnaire))


def questionnaire_copy(*, source: Questionnaire, opportunity: Opportunity) -> Questionnaire:
    """A new questionnaire on `opportunity` with the settings, texts, questions and choices of
    `source` (a past one, from any process). Its closing time is not copied: the new one closes
    with its opportunity unless staff set one. Its short name is the source's, numbered if the
    opportunity already has a questionnaire by that name."""
    slugs = set(opportunity.questionnaires.values_list("slug", flat=True))
    slug, number = source.slug, 1
    while slug in slugs:
        number += 1
        suffix = f"-{number}"
        slug = (
            source.slug[: Questionnaire._meta.get_field("slug").max_length - len(suffix)] + suffix
        )
    last = opportunity.questionnaires.aggregate(last=Max("position"))["last"]
    with transaction.atomic():
        copy = Questionnaire(opportunity=opportunity, slug=slug, closes_at=None)
        for name in _copied_fields(Questionnaire, exclude={"opportunity", "slug", "closes_at"}):
            setattr(copy, name, getattr(source, name))
        copy.position = (last or 0) + 1
        copy.full_clean()
        copy.save()
        questions = list(source.questions.order_by("position", "pk").prefetch_related("choices"))
        for position, question in enumerate(questions, 1):
            new = _clone(question, questionnaire=copy, position=position)
            _clone_choices(list(question.choices.all()), new)
    return copy


def _copied_fields(model, exclude: set[str]) -> list[str]:
    """The model's own editable values (translations included), not its keys or timestamps."""
    return [
        field.attname
        for field in model._meta.concrete_fields
        if not field.primary_key
        and field.editable
        and not field.is_relation
        and field.name not in exclude
        and not getattr(field, "auto_now_add", False)
    ]


def _clone(question: Question, *, questionnaire: Questionnaire, position: int) -> Question:
    copy = Question(questionnaire=questionnaire, position=position)
    for name in _copied_fields(Question, exclude={"position"}):
        setattr(copy, name, getattr(question, name))
    copy.save()
    return copy


def _clone_choices(choices: Sequence[Choice], question: Question) -> None:
    Choice.objects.bulk_create(
        Choice(
            question=question,
            **{name: getattr(choice, name) for name in _copied_fields(Choice, exclude=set())},
        )
        for choice in choices
    )

"""Staff build questionnaires (surveys.building): questions added at the end with their choices
in both languages, moved, copied and deleted with the order kept whole; once people have
answered, the structure is frozen but the order and texts may change; a copy for another
opportunity gets its own short name."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from coplan.surveys import building
from coplan.surveys.models import Question, Questionnaire
from tests.processes.factories import OpportunityFactory
from tests.surveys.factories import question, questionnaire_with_every_kind
from tests.surveys.helpers import import_ranks

pytestmark = pytest.mark.django_db

TWO = [{"label_en": "Yes", "label_fr": "Oui"}, {"label_en": "No", "label_fr": "Non"}]


def _kinds(questionnaire: Questionnaire) -> list[str]:
    return list(questionnaire.questions.order_by("position").values_list("kind", flat=True))


def _new(questionnaire: Questionnaire, kind: str = "single", choices=TWO) -> Question:
    data = {"kind": kind, "text_en": "Which?", "text_fr": "Laquelle?"}
    return building.question_save(questionnaire=questionnaire, data=data, choices=choices)


def test_a_question_is_added_at_the_end_with_its_choices_in_order():
    questionnaire = questionnaire_with_every_kind()
    added = _new(questionnaire)
    assert added.position == questionnaire.questions.count()
    assert [(c.position, c.label_fr) for c in added.choices.order_by("position")] == [
        (1, "Oui"),
        (2, "Non"),
    ]
    building.question_save(
        questionnaire=questionnaire, data={}, choices=TWO[:1] + TWO, question=added
    )
    assert added.choices.count() == 3


@pytest.mark.parametrize(
    "kind,choices,french",
    [
        ("single", TWO[:1], "Une question à choix doit offrir au moins 2 choix."),
        ("single", [TWO[0], {"label_en": "No", "label_fr": " "}], "Le choix 2 doit avoir"),
        ("rating", TWO, None),
    ],
)
def test_choices_that_do_not_fit_the_question_are_refused(kind, choices, french):
    questionnaire = questionnaire_with_every_kind()
    count = questionnaire.questions.count()
    with translation.override("fr"), pytest.raises(ValidationError) as error:
        _new(questionnaire, kind, choices)
    if french is not None:
        assert error.value.messages[0].startswith(french)
    assert questionnaire.questions.count() == count


def test_questions_move_copy_and_delete_keeping_the_order_whole():
    questionnaire = questionnaire_with_every_kind()
    kinds = _kinds(questionnaire)
    building.question_move(question=question(questionnaire, "multiple"), offset=-1)
    assert _kinds(questionnaire)[:2] == ["multiple", "single"]
    building.question_move(question=question(questionnaire, "multiple"), offset=-1)
    assert _kinds(questionnaire)[:2] == ["multiple", "single"]
    with pytest.raises(ValidationError):
        building.question_move(question=question(questionnaire, "single"), offset=2)
    copy = building.question_copy(question=question(questionnaire, "ranking"))
    assert copy.position == 4 and copy.choices.count() == 3
    building.question_delete(question=copy)
    positions = list(
        questionnaire.questions.order_by("position").values_list("position", flat=True)
    )
    assert positions == list(range(1, len(kinds) + 1))
    assert sorted(_kinds(questionnaire)) == sorted(kinds)


def test_once_answered_the_structure_is_frozen_but_order_and_texts_may_change():
    questionnaire = questionnaire_with_every_kind()
    import_ranks(questionnaire, [["Data", "Access", "Science"]])
    single = question(questionnaire, "single")
    for change in (
        lambda: _new(questionnaire),
        lambda: building.question_copy(question=single),
        lambda: building.question_delete(question=single),
        lambda: building.question_save(
            questionnaire=questionnaire, data={"kind": "multiple"}, choices=TWO, question=single
        ),
    ):
        with pytest.raises(ValidationError, match="People have answered this questionnaire"):
            change()
    building.question_save(
        questionnaire=questionnaire,
        data={"text_en": "Pick one colour"},
        choices=[
            {"label_en": "Red", "label_fr": "Rouge"},
            {"label_en": "Blue", "label_fr": "Bleu"},
        ],
        question=single,
    )
    building.question_move(question=single, offset=1)
    single.refresh_from_db()
    assert (single.text_en, single.position) == ("Pick one colour", 2)


def test_a_copy_for_another_opportunity_gets_its_own_short_name_and_no_closing_time():
    source = questionnaire_with_every_kind()
    target = OpportunityFactory(kind="questionnaire", slug="again")
    first = building.questionnaire_copy(source=source, opportunity=target)
    second = building.questionnaire_copy(source=source, opportunity=target)
    assert (first.slug, second.slug) == ("priorities", "priorities-2")
    assert (first.position, second.position) == (1, 2)
    assert first.title_fr == "Priorités" and first.closes_at is None
    assert _kinds(first) == _kinds(source)
    assert question(first, "ranking").choices.count() == 3


def test_an_opportunity_opens_only_with_questions_to_answer():
    opportunity = OpportunityFactory(kind="questionnaire", slug="empty")
    questionnaire_with_every_kind(opportunity)
    building.questionnaires_check_ready(opportunity=opportunity)
    Questionnaire.objects.create(
        opportunity=opportunity, slug="blank", title_en="Blank", title_fr="Vide", position=2
    )
    with pytest.raises(ValidationError, match="has no question yet"):
        building.questionnaires_check_ready(opportunity=opportunity)

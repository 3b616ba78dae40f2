from __future__ import annotations

from coplan.surveys.models import Choice, Question, Questionnaire
from tests.processes.factories import OpportunityFactory


def questionnaire_with_every_kind(opportunity=None, **kwargs) -> Questionnaire:
    """A questionnaire with one question of each kind, in both languages."""
    opportunity = opportunity or OpportunityFactory(kind="questionnaire", slug="priorities")
    questionnaire = Questionnaire.objects.create(
        opportunity=opportunity,
        slug=kwargs.pop("slug", "priorities"),
        title_en="Priorities",
        title_fr="Priorités",
        **kwargs,
    )
    specs = [
        ("single", "Pick one", "Choisissez-en une", True, True, ["Red", "Blue"], ["Rouge", "Bleu"]),
        (
            "multiple",
            "Pick some",
            "Choisissez-en",
            False,
            True,
            ["Ann", "Bob", "Cy"],
            ["Ann", "Bob", "Cy"],
        ),
        (
            "ranking",
            "Rank these",
            "Classez",
            False,
            False,
            ["Data", "Access", "Science"],
            ["Données", "Accès", "Science"],
        ),
        ("rating", "Rate us", "Notez-nous", False, False, [], []),
        ("yes_no", "Again?", "Encore?", False, False, [], []),
        ("short_text", "One word", "Un mot", False, False, [], []),
        ("long_text", "Anything else", "Autre chose", False, False, [], []),
        ("province", "Where do you live", "Où habitez-vous", False, False, [], []),
    ]
    for position, (kind, en, fr, required, other, choices_en, choices_fr) in enumerate(specs, 1):
        question = Question.objects.create(
            questionnaire=questionnaire,
            position=position,
            kind=kind,
            text_en=en,
            text_fr=fr,
            required=required,
            allows_other=other,
        )
        for n, (label_en, label_fr) in enumerate(zip(choices_en, choices_fr, strict=True), 1):
            Choice.objects.create(
                question=question, position=n, label_en=label_en, label_fr=label_fr
            )
    return questionnaire


def question(questionnaire: Questionnaire, kind: str) -> Question:
    return questionnaire.questions.get(kind=kind)


def choice(questionnaire: Questionnaire, kind: str, label: str) -> Choice:
    return Choice.objects.get(
        question__questionnaire=questionnaire, question__kind=kind, label_en=label
    )

"""The answer rows of one question (surveys.answers): checked against the question's own choices,
ranks and scale, refused whole with a message in the page's language, and a written answer
stored as a contribution of the questionnaire channel or kept until the address is confirmed."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from coplan.surveys.answers import answer_rows
from coplan.surveys.models import Response
from tests.surveys.factories import choice, question, questionnaire_with_every_kind

pytestmark = pytest.mark.django_db


@pytest.fixture
def questionnaire():
    return questionnaire_with_every_kind()


@pytest.fixture
def response(questionnaire):
    return Response.objects.create(questionnaire=questionnaire, language="fr", province="QC")


def _rows(questionnaire, response, kind: str, answer: dict, **options):
    return answer_rows(
        questionnaire=questionnaire,
        question=question(questionnaire, kind),
        response=response,
        answer=answer,
        author=None,
        consent_to_publish=True,
        **options,
    )


def test_choices_and_ranks_become_rows_with_the_respondents_province(questionnaire, response):
    blue = choice(questionnaire, "single", "Blue")
    (row,) = _rows(questionnaire, response, "single", {"choice": blue.pk})
    assert (row.choice_id, row.province, row.pk) == (blue.pk, "QC", None)
    ranks = {
        choice(questionnaire, "ranking", "Data").pk: 2,
        choice(questionnaire, "ranking", "Access").pk: 1,
    }
    rows = _rows(questionnaire, response, "ranking", {"ranks": ranks})
    assert sorted((r.choice_id, r.rank) for r in rows) == sorted((pk, n) for pk, n in ranks.items())
    (rating,) = _rows(questionnaire, response, "rating", {"number": "3"})
    assert rating.number == 3
    (yes,) = _rows(questionnaire, response, "yes_no", {"boolean": 1})
    assert yes.boolean is True


@pytest.mark.parametrize(
    "kind,answer,french",
    [
        ("single", {"choice": 0}, "Un choix n’appartient pas à la question"),
        ("multiple", {"choices": [1, 1]}, "Un choix a été donné deux fois."),
        ("ranking", {"ranks": {"1": 1, "2": 3}}, "Les rangs doivent commencer à 1"),
        ("rating", {"number": "99"}, "La note est hors de l’échelle."),
    ],
)
def test_answers_that_do_not_fit_the_question_are_refused_in_french(
    questionnaire, response, kind, answer, french
):
    with translation.override("fr"):
        with pytest.raises(ValidationError) as error:
            _rows(questionnaire, response, kind, answer)
        assert error.value.messages[0].startswith(french)


def test_a_written_answer_waits_for_confirmation_checked_as_it_will_be_stored(
    questionnaire, response
):
    (row,) = _rows(
        questionnaire, response, "long_text", {"text": "  Publiez plus.  "}, pending=True
    )
    assert row.pending_text == "Publiez plus." and row.contribution_id is None
    with pytest.raises(ValidationError):
        _rows(questionnaire, response, "long_text", {"text": "   "}, pending=True)


def test_a_written_answer_is_a_questionnaire_contribution_tied_to_its_question(
    questionnaire, response
):
    (row,) = _rows(questionnaire, response, "single", {"other": "Green, please."})
    contribution = row.contribution
    assert row.is_other and contribution.channel == "questionnaire"
    assert contribution.text == "Green, please." and contribution.title == "Choisissez-en une"
    assert contribution.external_ref == (
        f"questionnaire:{response.pk}:{question(questionnaire, 'single').pk}:other"
    )
    assert contribution.moderation_state == "pending"

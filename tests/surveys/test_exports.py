"""The responses export (surveys.exports): one row per counted response, one column per question
with bilingual headers, choices in both languages, rankings in order, and no cell a spreadsheet
would run as a formula."""

from __future__ import annotations

import csv
import io

import pytest
from django.utils import timezone

from coplan.surveys import services
from coplan.surveys.exports import FIXED_HEADERS, responses_csv
from coplan.surveys.models import Response
from tests.surveys.factories import choice, question, questionnaire_with_every_kind
from tests.surveys.helpers import import_ranks

pytestmark = pytest.mark.django_db


def _rows(questionnaire) -> list[list[str]]:
    text = "".join(responses_csv(questionnaire))
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_headers_are_bilingual_and_numbered_in_the_questions_order():
    questionnaire = questionnaire_with_every_kind()
    (header,) = _rows(questionnaire)
    assert header[: len(FIXED_HEADERS)] == FIXED_HEADERS
    assert header[len(FIXED_HEADERS)] == "Q1. Pick one / Choisissez-en une"
    assert len(header) == len(FIXED_HEADERS) + questionnaire.questions.count()


def test_each_counted_response_is_a_row_with_its_answers_in_both_languages():
    questionnaire = questionnaire_with_every_kind()
    import_ranks(questionnaire, [["Science", "Data", "Access"]], province="QC")
    header, row = _rows(questionnaire)
    cells = dict(zip(header, row, strict=True))
    assert cells["Q1. Pick one / Choisissez-en une"] == "Blue / Bleu"
    assert (
        cells["Q3. Rank these / Classez"] == "Science / Science > Data / Données > Access / Accès"
    )
    assert cells["Q8. Where do you live / Où habitez-vous"] == "QC"
    assert cells["Q4. Rate us / Notez-nous"] == ""
    # A response waiting for its address to be confirmed is not counted yet.
    Response.objects.update(confirmed_at=None)
    assert len(_rows(questionnaire)) == 1


def test_a_written_answer_that_looks_like_a_formula_is_neutralised():
    questionnaire = questionnaire_with_every_kind()
    answers = {
        question(questionnaire, "single").pk: {"choice": choice(questionnaire, "single", "Red").pk},
        question(questionnaire, "short_text").pk: {"text": "=SUM(A1:A9)"},
    }
    services.responses_import_bulk(
        questionnaire=questionnaire,
        responses=[
            services.ImportedResponse(answers=answers, language="fr", submitted_at=timezone.now())
        ],
    )
    header, row = _rows(questionnaire)
    cells = dict(zip(header, row, strict=True))
    assert cells["Q6. One word / Un mot"] == "'=SUM(A1:A9)"
    assert cells["Language / Langue"] == "fr"

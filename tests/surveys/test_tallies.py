"""The running counts of answers (surveys.tallies): one plain key per kind of answer, read back
into the answer's fields, and each respondent counted once per question."""

from __future__ import annotations

import pytest

from coplan.surveys.models import Answer
from coplan.surveys.tallies import RESPONDENTS, answer_key, count_answers, parse_key

BLANK = {"choice_id": None, "is_other": False, "rank": None, "number": None, "boolean": None}


@pytest.mark.parametrize(
    "fields,key",
    [
        ({**BLANK, "choice_id": 12, "code": ""}, "c12"),
        ({**BLANK, "choice_id": 12, "rank": 3, "code": ""}, "c12r3"),
        ({**BLANK, "is_other": True, "code": ""}, "o"),
        ({**BLANK, "number": 4, "code": ""}, "n4"),
        ({**BLANK, "number": -2, "code": ""}, "n-2"),
        ({**BLANK, "boolean": True, "code": ""}, "b1"),
        ({**BLANK, "boolean": False, "code": ""}, "b0"),
        ({**BLANK, "code": "ON"}, "pON"),
        ({**BLANK, "code": ""}, "t"),
    ],
)
def test_each_kind_of_answer_has_its_key_and_reads_back(fields, key):
    assert answer_key(**fields) == key
    assert parse_key(key) == fields


def test_other_wins_over_a_choice_and_a_choice_over_the_rest():
    both = {**BLANK, "choice_id": 5, "is_other": True, "number": 2, "code": "QC"}
    assert answer_key(**both) == "o"
    assert answer_key(**{**both, "is_other": False}) == "c5"


def test_a_written_answer_and_the_respondents_key_stand_for_no_field():
    assert parse_key("t") == parse_key(RESPONDENTS) == {**BLANK, "code": ""}


def _answer(response: int, question: int, province: str = "NS", **fields) -> Answer:
    return Answer(response_id=response, question_id=question, province=province, **fields)


def test_counts_by_question_province_and_key_with_each_respondent_once():
    counts = count_answers(
        [
            # One person ranks two choices of question 1: two keys, one respondent.
            _answer(1, 1, choice_id=7, rank=1),
            _answer(1, 1, choice_id=8, rank=2),
            _answer(2, 1, choice_id=7, rank=1),
            _answer(3, 1, province="", choice_id=8, rank=1),
            _answer(1, 2, boolean=True),
            _answer(2, 2, boolean=True),
        ]
    )
    assert counts == {
        (1, "NS", "c7r1"): 2,
        (1, "NS", "c8r2"): 1,
        (1, "NS", RESPONDENTS): 2,
        (1, "", "c8r1"): 1,
        (1, "", RESPONDENTS): 1,
        (2, "NS", "b1"): 2,
        (2, "NS", RESPONDENTS): 2,
    }
    assert count_answers([]) == {}

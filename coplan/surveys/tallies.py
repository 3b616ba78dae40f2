"""Running counts of answers, so that results never scan the answers themselves.

Every stored answer adds 1 to the tally of its (question, respondent's province, key), and each
answered question adds 1 to its RESPONDENTS key. Results sum the tallies (a few hundred rows
whatever the number of responses) with the province filter in the WHERE clause. The keys are
plain strings so one unique constraint covers every kind of answer:

    "c12"     choice 12 chosen             "c12r3"  choice 12 ranked 3rd
    "o"       "Other" given                "n4"     rating 4
    "b1"/"b0" yes / no                     "pON"    province or territory ON
    "t"       a written answer             "resp"   one person answered the question

This module imports no model: the migration that fills the tallies of existing answers uses it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

RESPONDENTS = "resp"
_CHOICE = re.compile(r"^c(\d+)(?:r(\d+))?$")


def answer_key(
    *,
    choice_id: int | None,
    is_other: bool,
    rank: int | None,
    number: int | None,
    boolean: bool | None,
    code: str,
) -> str:
    if is_other:
        return "o"
    if choice_id is not None:
        return f"c{choice_id}" if rank is None else f"c{choice_id}r{rank}"
    if number is not None:
        return f"n{number}"
    if boolean is not None:
        return "b1" if boolean else "b0"
    if code:
        return f"p{code}"
    return "t"


def parse_key(key: str) -> dict:
    """The answer fields a key stands for (the shape results are computed from)."""
    fields = {
        "choice_id": None,
        "is_other": False,
        "rank": None,
        "number": None,
        "boolean": None,
        "code": "",
    }
    match = _CHOICE.match(key)
    if match:
        fields["choice_id"] = int(match.group(1))
        fields["rank"] = int(match.group(2)) if match.group(2) else None
    elif key == "o":
        fields["is_other"] = True
    elif key.startswith("n"):
        fields["number"] = int(key[1:])
    elif key in ("b1", "b0"):
        fields["boolean"] = key == "b1"
    elif key.startswith("p"):
        fields["code"] = key[1:]
    return fields


def count_answers(answers: Iterable) -> Counter:
    """(question_id, province, key) → count for answer objects, respondents included."""
    counts: Counter = Counter()
    answered: set[tuple[int, int]] = set()
    for answer in answers:
        key = answer_key(
            choice_id=answer.choice_id,
            is_other=answer.is_other,
            rank=answer.rank,
            number=answer.number,
            boolean=answer.boolean,
            code=answer.code,
        )
        counts[(answer.question_id, answer.province, key)] += 1
        marker = (answer.response_id, answer.question_id)
        if marker not in answered:
            answered.add(marker)
            counts[(answer.question_id, answer.province, RESPONDENTS)] += 1
    return counts

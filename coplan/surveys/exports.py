"""The responses export: CSV, one row per response, one column per question, streamed.

Columns are in a stable order (the fixed columns, then the questions by position then id) and
headers are bilingual ("English / French") so one file serves both languages. No personal
information: no account, no browser key, no name; free text is the contribution's public text
(the redacted text when personal details were masked).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.utils.translation import override

from coplan.contributions.models import Province

from .models import Answer, Question, Questionnaire, Response
from .selectors import questions_with_choices

FIXED_HEADERS = [
    "Response / Réponse",
    "Submitted (UTC) / Reçue (UTC)",
    "Language / Langue",
    "Province or territory / Province ou territoire",
]
# Cells starting with these are formulas to a spreadsheet: neutralise public text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
STREAM_CHUNK = 2000


class _Echo:
    def write(self, value: str) -> str:
        return value


def _safe(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def _question_header(number: int, question: Question) -> str:
    return f"Q{number}. {question.text_en} / {question.text_fr}"


def _cell(question: Question, answers: list[dict], labels: dict[int, str]) -> str:
    if not answers:
        return ""
    kind = question.kind
    if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
        values = []
        for answer in answers:
            if answer["is_other"]:
                text = answer["contribution__redacted_text"] or answer["contribution__text"] or ""
                values.append(f"Other / Autre: {text}")
            else:
                values.append(labels.get(answer["choice_id"], ""))
        return " | ".join(values)
    if kind == Question.Kind.RANKING:
        ordered = sorted(answers, key=lambda answer: answer["rank"])
        return " > ".join(labels.get(answer["choice_id"], "") for answer in ordered)
    answer = answers[0]
    if kind == Question.Kind.RATING:
        return str(answer["number"])
    if kind == Question.Kind.YES_NO:
        return "yes / oui" if answer["boolean"] else "no / non"
    if kind == Question.Kind.PROVINCE:
        return answer["code"]
    return answer["contribution__redacted_text"] or answer["contribution__text"] or ""


def responses_csv(questionnaire: Questionnaire) -> Iterator[str]:
    """Yield the CSV lines; two queries streamed side by side, memory flat whatever the size."""
    questions = questions_with_choices(questionnaire)
    labels = _choice_labels(questions)
    writer = csv.writer(_Echo())
    yield "\ufeff"  # a byte-order mark so spreadsheets read the accents right
    yield writer.writerow(
        FIXED_HEADERS + [_question_header(n, q) for n, q in enumerate(questions, start=1)]
    )
    answers = _answers(questionnaire)
    pending = next(answers, None)
    with override("en"):
        province_codes = set(Province.values)
    for pk, submitted_at, language, province in _responses(questionnaire):
        by_question: dict[int, list[dict]] = {}
        while pending is not None and pending["response_id"] <= pk:
            if pending["response_id"] == pk:
                by_question.setdefault(pending["question_id"], []).append(pending)
            pending = next(answers, None)
        row = [
            str(pk),
            submitted_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            language,
            province if province in province_codes else "",
        ]
        row += [_safe(_cell(q, by_question.get(q.pk, []), labels)) for q in questions]
        yield writer.writerow(row)


def _choice_labels(questions: list[Question]) -> dict[int, str]:
    """Each choice's label in both languages, "English / French"."""
    return {
        choice.pk: f"{choice.label_en} / {choice.label_fr}"
        for question in questions
        for choice in question.choices.all()
    }


def _responses(questionnaire: Questionnaire) -> Iterator[tuple]:
    # Only counted responses: one waiting for its address to be confirmed is not one yet.
    return (
        Response.objects.filter(questionnaire=questionnaire, confirmed_at__isnull=False)
        .order_by("pk")
        .values_list("pk", "submitted_at", "language", "province")
        .iterator(chunk_size=STREAM_CHUNK)
    )


def _answers(questionnaire: Questionnaire) -> Iterator[dict]:
    """The counted responses' answers in the responses' order, with their written text."""
    return (
        Answer.objects.filter(questionnaire=questionnaire, response__confirmed_at__isnull=False)
        .order_by("response_id", "question_id", "rank", "pk")
        .values(
            "response_id",
            "question_id",
            "choice_id",
            "is_other",
            "rank",
            "number",
            "boolean",
            "code",
            "contribution__text",
            "contribution__redacted_text",
        )
        .iterator(chunk_size=STREAM_CHUNK)
    )

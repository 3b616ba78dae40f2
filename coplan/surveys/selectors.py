"""Reads for questionnaire pages: the questions, and the results aggregated by the database.

Results take a fixed number of queries whatever the number of responses: the questions with
their choices (2), the numbers of confirmed and waiting responses (1) and one GROUP BY over the
result tallies (1),
the running counts the services keep (tallies.py): a few hundred rows however many people
answered. Python only walks those groups, never the responses.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from coplan.contributions.models import Province

from .models import Choice, Question, Questionnaire, Response, ResultTally
from .tallies import RESPONDENTS, parse_key
from .voice import needs_email


def questionnaire_for_page(pk: int) -> Questionnaire:
    """A questionnaire with its opportunity, phase and process (one query)."""
    return get_object_or_404(
        Questionnaire.objects.select_related("opportunity__phase__process"), pk=pk
    )


def questions_with_choices(questionnaire: Questionnaire) -> list[Question]:
    """The questions in order with their choices (two queries)."""
    return list(
        questionnaire.questions.order_by("position", "pk").prefetch_related(
            Prefetch("choices", queryset=Choice.objects.order_by("position", "pk"))
        )
    )


def questionnaires_for_process(process_id: int) -> QuerySet[Questionnaire]:
    return (
        Questionnaire.objects.filter(opportunity__phase__process_id=process_id)
        .select_related("opportunity__phase")
        .order_by("opportunity__phase__position", "opportunity__position", "position", "pk")
    )


@dataclass
class Row:
    label: str
    count: int
    share: float  # percent of the people who answered the question


@dataclass
class RankRow:
    label: str
    count: int  # people who ranked this item
    mean_rank: float | None
    borda: int  # points: an item ranked r of k gets k - r


@dataclass
class QuestionResult:
    question: Question
    respondents: int = 0
    rows: list[Row] = field(default_factory=list)
    rank_rows: list[RankRow] = field(default_factory=list)
    mean: float | None = None
    text_count: int = 0

    @property
    def max_count(self) -> int:
        return max((row.count for row in self.rows), default=0)

    @property
    def max_borda(self) -> int:
        return max((row.borda for row in self.rank_rows), default=0)


@dataclass
class Results:
    questionnaire: Questionnaire
    province: str
    responses: int  # confirmed responses: the only ones counted
    questions: list[QuestionResult]
    # Under the "confirmed email" rule: every counted response was confirmed through its
    # address, and how many more wait for their confirmation (not counted).
    confirmed_by_email: bool = False
    waiting: int = 0


def _share(count: int, base: int) -> float:
    return round(100 * count / base, 1) if base else 0.0


def questionnaire_results(questionnaire: Questionnaire, *, province: str = "") -> Results:
    """Per-question counts and shares, mean ratings, mean ranks and Borda counts."""
    responses = Response.objects.filter(questionnaire=questionnaire)
    tallies = ResultTally.objects.filter(questionnaire=questionnaire)
    if province:
        responses = responses.filter(province=province)
        tallies = tallies.filter(province=province)
    questions = questions_with_choices(questionnaire)
    confirmed_by_email = needs_email(questionnaire)
    numbers = responses.aggregate(
        confirmed=Count("pk", filter=Q(confirmed_at__isnull=False)),
        waiting=Count("pk", filter=Q(confirmed_at__isnull=True)),
    )
    groups, respondents = _tally_groups(tallies)
    return Results(
        questionnaire=questionnaire,
        province=province,
        responses=numbers["confirmed"],
        questions=[
            _question_result(question, groups.get(question.pk, []), respondents[question.pk])
            for question in questions
        ],
        confirmed_by_email=confirmed_by_email,
        waiting=numbers["waiting"],
    )


def _tally_groups(
    tallies: QuerySet[ResultTally],
) -> tuple[dict[int, list[dict[str, Any]]], dict[int, int]]:
    """The tallies summed by question and key (one GROUP BY): each question's groups of
    answers, and how many people answered each (kept apart for multiple-choice questions)."""
    groups: dict[int, list[dict[str, Any]]] = defaultdict(list)
    respondents: dict[int, int] = defaultdict(int)
    for tally in tallies.values("question_id", "key").annotate(n=Sum("count")).order_by():
        if tally["key"] == RESPONDENTS:
            respondents[tally["question_id"]] += tally["n"]
        else:
            groups[tally["question_id"]].append({**parse_key(tally["key"]), "n": tally["n"]})
    return groups, respondents


def _question_result(
    question: Question, groups: list[dict[str, Any]], respondents: int
) -> QuestionResult:
    """A question's rows (or ranks, or written answers) from its groups of tallies."""
    result = QuestionResult(question=question)
    _TALLIED.get(question.kind, _written)(result, groups, respondents)
    return result


def _yes_no(result: QuestionResult, groups: list[dict[str, Any]], _respondents: int) -> None:
    _rows(result, _counts(groups, "boolean"), [(True, _("Yes")), (False, _("No"))])


def _province(result: QuestionResult, groups: list[dict[str, Any]], _respondents: int) -> None:
    _rows(result, _counts(groups, "code"), Province.choices)


def _written(result: QuestionResult, groups: list[dict[str, Any]], _respondents: int) -> None:
    result.text_count = sum(group["n"] for group in groups)
    result.respondents = result.text_count


def _rows(
    result: QuestionResult, counts: dict[Any, int], labels: Iterable[tuple[Any, Any]]
) -> None:
    """One row per possible answer, with its share of the people who answered."""
    result.respondents = sum(counts.values())
    result.rows = [
        Row(str(label), counts[key], _share(counts[key], result.respondents))
        for key, label in labels
    ]


def _counts(groups: list[dict[str, Any]], key: str) -> dict[Any, int]:
    counts: dict[Any, int] = defaultdict(int)
    for group in groups:
        counts[group[key]] += group["n"]
    return counts


def _ranking(result: QuestionResult, groups: list[dict[str, Any]], _respondents: int) -> None:
    """Each item's mean rank and Borda count, highest count first; the respondents are those
    who ranked an item first."""
    choices = list(result.question.choices.all())
    by_choice: dict[int, tuple[int, int]] = defaultdict(lambda: (0, 0))
    for group in groups:
        count, rank_sum = by_choice[group["choice_id"]]
        by_choice[group["choice_id"]] = (count + group["n"], rank_sum + group["rank"] * group["n"])
        if group["rank"] == 1:
            result.respondents += group["n"]
    for choice in choices:
        count, rank_sum = by_choice[choice.pk]
        result.rank_rows.append(
            RankRow(
                label=choice.label,
                count=count,
                mean_rank=round(rank_sum / count, 2) if count else None,
                borda=len(choices) * count - rank_sum,
            )
        )
    result.rank_rows.sort(key=lambda row: -row.borda)


def _choices(result: QuestionResult, groups: list[dict[str, Any]], respondents: int) -> None:
    """Each choice (and "Other") with its share of the people who answered the question."""
    question = result.question
    counts: dict[int | None, int] = defaultdict(int)
    for group in groups:
        counts[None if group["is_other"] else group["choice_id"]] += group["n"]
    if question.kind == Question.Kind.SINGLE:
        result.respondents = sum(counts.values())
    else:
        result.respondents = respondents
    labels: list[tuple[int | None, str]] = [
        (choice.pk, choice.label) for choice in question.choices.all()
    ]
    if question.allows_other:
        labels.append((None, _("Other")))
    result.rows = [
        Row(label, counts[key], _share(counts[key], result.respondents)) for key, label in labels
    ]


def _rating(result: QuestionResult, groups: list[dict[str, Any]], _respondents: int) -> None:
    counts = _counts(groups, "number")
    scale = range(result.question.scale_min, result.question.scale_max + 1)
    _rows(result, counts, [(number, number) for number in scale])
    if result.respondents:
        weighted = sum(number * n for number, n in counts.items())
        result.mean = round(weighted / result.respondents, 2)


_TALLIED: dict[str, Callable[[QuestionResult, list[dict[str, Any]], int], None]] = {
    Question.Kind.RANKING: _ranking,
    Question.Kind.SINGLE: _choices,
    Question.Kind.MULTIPLE: _choices,
    Question.Kind.RATING: _rating,
    Question.Kind.YES_NO: _yes_no,
    Question.Kind.PROVINCE: _province,
}


def result_row_count(questionnaires: QuerySet[Questionnaire]) -> int:
    """How many rows `questionnaire_results` gives these questionnaires (one query).

    The same rule as the results themselves, question kind by question kind: one row per choice
    (plus "Other" where allowed), one per rating on the scale, two for yes or no, one per
    province or territory, none for free text. A progress bar's total, exact before any tally
    is read.
    """
    questions = Question.objects.filter(questionnaire__in=questionnaires).annotate(
        choice_count=Count("choices")
    )
    rows = 0
    for kind, allows_other, scale_min, scale_max, choices in questions.values_list(
        "kind", "allows_other", "scale_min", "scale_max", "choice_count"
    ):
        if kind == Question.Kind.RANKING:
            rows += choices
        elif kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
            rows += choices + (1 if allows_other else 0)
        elif kind == Question.Kind.RATING:
            rows += scale_max - scale_min + 1
        elif kind == Question.Kind.YES_NO:
            rows += 2
        elif kind == Question.Kind.PROVINCE:
            rows += len(Province.choices)
    return rows


def questionnaires_with_counts() -> QuerySet[Questionnaire]:
    """Every questionnaire with its number of responses, for the staff list (one query a page)."""
    return (
        Questionnaire.objects.select_related("opportunity__phase__process")
        .annotate(
            response_count=Count("responses", filter=Q(responses__confirmed_at__isnull=False))
        )
        .order_by("-created_at", "-pk")
    )

"""The answer rows of one question of a response, checked against the question's own choices
and scale; a written answer is stored as a contribution, or kept until the response's address is
confirmed (surveys.voice)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import override

from coplan.accounts.models import User
from coplan.contributions.models import TEXT_MAX_LENGTH, Channel, Contribution, Kind
from coplan.contributions.services import contribution_submit
from coplan.core.text import clean_public_text

from .models import Answer, Question, Questionnaire, Response


def free_text_contribution(
    *,
    questionnaire: Questionnaire,
    question: Question,
    response: Response,
    text: str,
    author: User | None,
    consent_to_publish: bool,
    suffix: str = "",
) -> Contribution:
    """A written answer stored as a contribution: the one path of public text (redaction,
    moderation, notifications), tied to its question and response."""
    opportunity = questionnaire.opportunity
    with override(response.language):
        title = str(question.text)[:200]
    return contribution_submit(
        process=opportunity.phase.process,
        phase=opportunity.phase,
        opportunity=opportunity,
        channel=Channel.QUESTIONNAIRE,
        kind=Kind.SUBMISSION,
        target=question,
        title=title,
        text=text,
        received_at=response.submitted_at,
        external_ref=f"questionnaire:{response.pk}:{question.pk}{suffix}",
        provenance={
            "questionnaire": questionnaire.pk,
            "question": question.pk,
            "response": response.pk,
        },
        consent_to_publish=consent_to_publish,
        province=response.province,
        author=author if author is not None and author.is_authenticated else None,
    )


def answer_rows(
    *,
    questionnaire: Questionnaire,
    question: Question,
    response: Response,
    answer: dict,
    author: User | None,
    consent_to_publish: bool,
    pending: bool = False,
) -> list[Answer]:
    """The answer rows of one question. A written answer of a response waiting for
    confirmation is checked now and kept as `pending_text`: it becomes a contribution when the
    response is confirmed (voice._count)."""
    given = _GivenAnswer(
        questionnaire=questionnaire,
        question=question,
        response=response,
        author=author,
        consent_to_publish=consent_to_publish,
        pending=pending,
        valid_choices=frozenset(choice.pk for choice in question.choices.all()),
    )
    return _ROWS_BY_KIND.get(question.kind, _text_rows)(given, answer)


@dataclass(frozen=True)
class _GivenAnswer:
    """One question's answer on its way to rows: what every row shares, and its checks."""

    questionnaire: Questionnaire
    question: Question
    response: Response
    author: User | None
    consent_to_publish: bool
    pending: bool
    valid_choices: frozenset[int]

    def row(self, **values) -> Answer:
        return Answer(
            response=self.response,
            questionnaire=self.questionnaire,
            question=self.question,
            province=self.response.province,
            **values,
        )

    def choice(self, choice_id: int) -> int:
        """The id of one of the question's own choices; another id is refused."""
        if choice_id not in self.valid_choices:
            raise ValidationError(
                _("A choice does not belong to the question “%(question)s”.")
                % {"question": self.question.text},
                code="bad_choice",
            )
        return choice_id

    def written_row(self, text: str, *, other: bool = False) -> Answer:
        """A written answer: kept for confirmation, or stored at once as a contribution."""
        flags = {"is_other": True} if other else {}
        if self.pending:
            return self.row(**flags, pending_text=_checked(text))
        contribution = free_text_contribution(
            questionnaire=self.questionnaire,
            question=self.question,
            response=self.response,
            text=text,
            author=self.author,
            consent_to_publish=self.consent_to_publish,
            suffix=":other" if other else "",
        )
        return self.row(**flags, contribution=contribution)


def _single_rows(given: _GivenAnswer, answer: dict) -> list[Answer]:
    if answer.get("other"):
        return [given.written_row(answer["other"], other=True)]
    return [given.row(choice_id=given.choice(answer["choice"]))]


def _multiple_rows(given: _GivenAnswer, answer: dict) -> list[Answer]:
    ids = answer.get("choices", [])
    if len(set(ids)) != len(ids):
        raise ValidationError(_("A choice was given twice."), code="bad_choice")
    rows = [given.row(choice_id=given.choice(choice_id)) for choice_id in ids]
    if answer.get("other"):
        rows.append(given.written_row(answer["other"], other=True))
    return rows


def _ranking_rows(given: _GivenAnswer, answer: dict) -> list[Answer]:
    ranks = answer["ranks"]
    values = sorted(ranks.values())
    if values != list(range(1, len(values) + 1)):
        raise ValidationError(_("Ranks must start at 1 and follow on without gaps."))
    return [
        given.row(choice_id=given.choice(int(choice_id)), rank=rank)
        for choice_id, rank in ranks.items()
    ]


def _rating_rows(given: _GivenAnswer, answer: dict) -> list[Answer]:
    number = int(answer["number"])
    if not given.question.scale_min <= number <= given.question.scale_max:
        raise ValidationError(_("The rating is outside the scale."), code="bad_rating")
    return [given.row(number=number)]


def _yes_no_rows(given: _GivenAnswer, answer: dict) -> list[Answer]:
    return [given.row(boolean=bool(answer["boolean"]))]


def _province_rows(given: _GivenAnswer, answer: dict) -> list[Answer]:
    return [given.row(code=answer["code"])]


def _text_rows(given: _GivenAnswer, answer: dict) -> list[Answer]:
    return [given.written_row(answer["text"])]


# Every other kind of question is answered in writing (_text_rows).
_ROWS_BY_KIND = {
    Question.Kind.SINGLE: _single_rows,
    Question.Kind.MULTIPLE: _multiple_rows,
    Question.Kind.RANKING: _ranking_rows,
    Question.Kind.RATING: _rating_rows,
    Question.Kind.YES_NO: _yes_no_rows,
    Question.Kind.PROVINCE: _province_rows,
}


def _checked(text: str) -> str:
    """A written answer checked as its contribution will be (it is stored on confirmation)."""
    return clean_public_text(text, max_length=TEXT_MAX_LENGTH)

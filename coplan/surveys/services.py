"""Questionnaire use cases: submitting a response (atomic: all answers or nothing)."""

from __future__ import annotations

import datetime
import hashlib
import hmac
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from coplan.accounts.models import User
from coplan.contributions import confirmation
from coplan.contributions.models import Province

from . import voice
from .answers import answer_rows
from .models import Answer, Question, Questionnaire, Response, ResultTally
from .tallies import count_answers

T = TypeVar("T")


def respondent_key_for(
    *, questionnaire: Questionnaire, user: User | None, browser_token: str
) -> str:
    """The key that makes "one response per person" hold: the account, else the browser.

    Empty under the "confirmed email" rule: there the key comes from the address given
    (response_submit), and the browser says nothing about who answered.
    """
    if not questionnaire.one_response_per_person or voice.needs_email(questionnaire):
        return ""
    if user is not None and user.is_authenticated:
        return f"u:{user.pk}"
    if not browser_token:
        return ""
    digest = hmac.new(
        settings.SECRET_KEY.encode(),
        f"{questionnaire.pk}:{browser_token}".encode(),
        hashlib.sha256,
    ).hexdigest()
    return f"c:{digest[:64]}"


def questionnaire_already_answered(*, questionnaire: Questionnaire, respondent_key: str) -> bool:
    if not respondent_key:
        return False
    return Response.objects.filter(
        questionnaire=questionnaire, respondent_key=respondent_key, confirmed_at__isnull=False
    ).exists()


def response_submit(
    *,
    questionnaire: Questionnaire,
    answers: dict[int, dict[str, Any]],
    language: str,
    respondent: User | None = None,
    respondent_key: str = "",
    consent_to_publish: bool = False,
    email: str = "",
    now: datetime.datetime | None = None,
) -> Response:
    """Store a response with its answers; free text becomes contributions. All or nothing.

    `answers` is the form's normalised answers (see forms.py). Every id is checked against the
    questionnaire again here: the service never trusts a form with another questionnaire's ids.
    Under the opportunity's "confirmed email" rule (surveys.voice) the response waits for its
    address (`email`) to be confirmed: nothing of it counts or is published before, and asking
    again before confirming replaces the waiting response (the earlier link stops working).
    """
    now = now or timezone.now()
    author = _respondent_allowed(questionnaire, respondent, now)
    pending = voice.needs_email(questionnaire)
    if pending:
        email, respondent_key = confirmation.normalised_address(email)
    questions = _questions_by_pk(questionnaire)
    province = _check_answers(questions, answers)
    try:
        with transaction.atomic():
            if pending:
                # Asking again before confirming replaces the waiting response.
                Response.objects.filter(
                    questionnaire=questionnaire,
                    respondent_key=respondent_key,
                    confirmed_at__isnull=True,
                ).delete()
            response = Response.objects.create(
                questionnaire=questionnaire,
                submitted_at=now,
                confirmed_at=None if pending else now,
                email=email if pending else "",
                language=language if language in ("en", "fr") else "en",
                province=province,
                respondent=author,
                respondent_key=respondent_key,
                consent_to_publish=consent_to_publish,
            )
            _answers_store(response, questions, answers, author=author, pending=pending)
    except IntegrityError:
        # The unique constraint on (questionnaire, respondent_key): a second response.
        raise ValidationError(
            _("You have already answered this questionnaire. Thank you!"), code="duplicate"
        ) from None
    return response


def _respondent_allowed(
    questionnaire: Questionnaire, respondent: User | None, now: datetime.datetime
) -> User | None:
    """The signed-in author (None if anonymous); refused when the questionnaire is closed or
    asks for an account the respondent has not signed in with."""
    if not questionnaire.is_open(now):
        raise ValidationError(
            _("This questionnaire is closed: it no longer accepts responses."), code="closed"
        )
    author = respondent if respondent is not None and respondent.is_authenticated else None
    if voice.needs_account(questionnaire) and author is None:
        raise ValidationError(_("Please sign in to answer this questionnaire."), code="sign_in")
    return author


def _answers_store(
    response: Response,
    questions: dict[int, Question],
    answers: dict[int, dict[str, Any]],
    *,
    author: User | None,
    pending: bool,
) -> None:
    """The response's answer rows; counted now, or once its address is confirmed."""
    questionnaire = response.questionnaire
    rows = []
    for question_id, answer in answers.items():
        rows.extend(
            answer_rows(
                questionnaire=questionnaire,
                question=questions[question_id],
                response=response,
                answer=answer,
                author=author,
                consent_to_publish=response.consent_to_publish,
                pending=pending,
            )
        )
    Answer.objects.bulk_create(rows)
    if pending:
        confirmation.request_send(voice.KIND, response)
    else:
        _tallies_add(questionnaire, count_answers(rows))


def _questions_by_pk(questionnaire: Questionnaire) -> dict[int, Question]:
    return {q.pk: q for q in questionnaire.questions.prefetch_related("choices")}


def _check_answers(questions: dict[int, Question], answers: dict[int, dict[str, Any]]) -> str:
    """Check required questions and foreign ids; return the respondent's province ("" if none)."""
    for question in questions.values():
        if question.required and question.pk not in answers:
            raise ValidationError(
                _("The question “%(question)s” must be answered.") % {"question": question.text},
                code="required",
            )
    if set(answers) - set(questions):
        raise ValidationError(_("Some answers do not belong to this questionnaire."), code="bad")
    province = ""
    for question_id, answer in answers.items():
        if questions[question_id].kind == Question.Kind.PROVINCE:
            if answer.get("code") not in Province.values:
                raise ValidationError(_("Unknown province or territory."), code="province")
            province = province or answer["code"]
    return province


@dataclass(frozen=True)
class ImportedResponse:
    """A response received outside the web form (paper copies, the demo, the benchmark)."""

    answers: dict[int, dict[str, Any]]
    language: str
    submitted_at: datetime.datetime


def responses_import_bulk(
    *,
    questionnaire: Questionnaire,
    responses: Iterable[ImportedResponse],
    consent_to_publish: bool = False,
    batch_size: int = 2000,
) -> int:
    """Store many responses at once (bulk inserts), checked like web ones. All or nothing.

    The opening dates are not checked: paper copies arrive after the questionnaire closes.
    """
    questions = _questions_by_pk(questionnaire)
    count = 0
    with transaction.atomic():
        for batch in _batches(responses, batch_size):
            objects = [
                Response(
                    questionnaire=questionnaire,
                    submitted_at=item.submitted_at,
                    confirmed_at=item.submitted_at,
                    language=item.language if item.language in ("en", "fr") else "en",
                    province=_check_answers(questions, item.answers),
                )
                for item in batch
            ]
            Response.objects.bulk_create(objects)
            rows: list[Answer] = []
            for response, item in zip(objects, batch, strict=True):
                for question_id, answer in item.answers.items():
                    rows.extend(
                        answer_rows(
                            questionnaire=questionnaire,
                            question=questions[question_id],
                            response=response,
                            answer=answer,
                            author=None,
                            consent_to_publish=consent_to_publish,
                        )
                    )
            Answer.objects.bulk_create(rows, batch_size=batch_size)
            _tallies_add(questionnaire, count_answers(rows))
            count += len(objects)
    return count


def _tallies_add(questionnaire: Questionnaire, counts: Counter[tuple[int, str, str]]) -> None:
    """Add to the running counts: an UPDATE … count + n per key, an INSERT for a new key.

    Concurrent responses add to the same row safely (the UPDATE is atomic); two racing to
    create a key meet the unique constraint, and the loser adds to the winner's row. Keys are
    updated in sorted order so that two transactions lock rows in the same order (no deadlock).
    """
    for (question_id, province, key), n in sorted(counts.items()):
        tally = ResultTally.objects.filter(
            questionnaire=questionnaire, question_id=question_id, province=province, key=key
        )
        if tally.update(count=F("count") + n):
            continue
        try:
            with transaction.atomic():
                ResultTally.objects.create(
                    questionnaire=questionnaire,
                    question_id=question_id,
                    province=province,
                    key=key,
                    count=n,
                )
        except IntegrityError:
            tally.update(count=F("count") + n)


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch

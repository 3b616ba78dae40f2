"""Responses sent at the same moment all count in the results (PostgreSQL, real concurrency)."""

import threading

import pytest
from django.db import connection, connections

from coplan.surveys import selectors, services
from coplan.surveys.models import Questionnaire
from tests.surveys.factories import questionnaire_with_every_kind
from tests.surveys.helpers import full_answers

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PEOPLE = 16


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgres://…")


def test_concurrent_responses_are_all_counted():
    questionnaire = questionnaire_with_every_kind()
    answers = full_answers(questionnaire)
    barrier = threading.Barrier(PEOPLE)
    errors: list[BaseException] = []

    def answer() -> None:
        try:
            barrier.wait(timeout=30)
            services.response_submit(
                questionnaire=Questionnaire.objects.get(pk=questionnaire.pk),
                answers=answers,
                language="en",
            )
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=answer) for _ in range(PEOPLE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    results = selectors.questionnaire_results(questionnaire)
    assert results.responses == PEOPLE
    assert all(result.respondents == PEOPLE for result in results.questions)

"""Two confirmations for one address at the same instant (the link pressed in two tabs), on
PostgreSQL with one connection per thread: one counts, the other gets a clear 400, nothing is
counted twice; for questionnaire answers and for idea supports.

(Two *different* links of one address cannot both be valid: answering or supporting again
renews the waiting record, and the earlier link stops working; tests/surveys/test_voice.py.)
"""

from __future__ import annotations

import contextlib
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core import mail
from django.db import connection
from django.test import Client

from coplan.contributions import voice as contributions_voice
from coplan.contributions.models import Contribution, Support
from coplan.processes.models import Opportunity
from coplan.surveys.models import Response
from tests.contributions.factories import ContributionFactory
from tests.surveys.factories import questionnaire_with_every_kind
from tests.surveys.helpers import _answer, _link, _results

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _needs_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: concurrent transactions on separate connections")


@pytest.fixture
def by_email():
    questionnaire = questionnaire_with_every_kind()
    Opportunity.objects.filter(pk=questionnaire.opportunity_id).update(
        voice_rule=Opportunity.VoiceRule.CONFIRMED_EMAIL
    )
    questionnaire.opportunity.refresh_from_db()
    return questionnaire


def _no_capture(execute: bool):
    # In a transactional test each request commits: its on-commit work has already run.
    return contextlib.nullcontext()


def _post_at_once(links: list[str]) -> list[tuple[int, str]]:
    start = threading.Barrier(len(links), timeout=20)

    def post(link: str) -> tuple[int, str]:
        try:
            start.wait()
            answer = Client().post(link)
            return answer.status_code, answer.content.decode()
        finally:
            connection.close()  # this thread's own connection

    with ThreadPoolExecutor(max_workers=len(links)) as pool:
        return sorted(pool.map(post, links), key=lambda outcome: outcome[0])


def test_one_link_pressed_twice_at_once_counts_once(by_email):
    _answer(Client(), by_email, "p@example.org", _no_capture)
    (message,) = mail.outbox
    (first, _page), (second, second_page) = _post_at_once([_link(message)] * 2)
    assert (first, second) == (302, 400), second_page[:2000]
    assert "already been used" in second_page
    assert Response.objects.filter(confirmed_at__isnull=False).count() == 1
    assert Contribution.objects.filter(text="More open data, please.").count() == 1
    assert "1 response in all." in _results(Client(), by_email)


def test_one_support_link_pressed_twice_at_once_counts_once(open_ideas):
    Opportunity.objects.filter(pk=open_ideas.pk).update(
        voice_rule=Opportunity.VoiceRule.CONFIRMED_EMAIL
    )
    idea = ContributionFactory(opportunity=Opportunity.objects.get(pk=open_ideas.pk))
    contributions_voice.support_request(idea=idea, email="p@example.org", language="en")
    (message,) = mail.outbox
    (first, _page), (second, second_page) = _post_at_once([_link(message)] * 2)
    assert (first, second) == (302, 400), second_page[:2000]
    assert "already been used" in second_page
    assert Support.objects.filter(contribution=idea, confirmed_at__isnull=False).count() == 1
    idea.refresh_from_db()
    assert idea.support_count == 1

"""The questionnaires block of the process page (surveys.sections): the process's questionnaires,
each saying whether it takes responses now, or no block when it has none."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from coplan.surveys.sections import process_questionnaires
from tests.processes.factories import OpportunityFactory
from tests.surveys.factories import questionnaire_with_every_kind

pytestmark = pytest.mark.django_db


def test_no_questionnaire_no_block(process):
    assert process_questionnaires(process) is None


def test_each_questionnaire_says_whether_it_takes_responses(process):
    phase = process.phases.get(kind="development")
    open_now = questionnaire_with_every_kind(
        OpportunityFactory(phase=phase, kind="questionnaire", status="open", slug="now")
    )
    closed = questionnaire_with_every_kind(
        OpportunityFactory(phase=phase, kind="questionnaire", status="open", slug="closed"),
        slug="closed",
        closes_at=timezone.now() - datetime.timedelta(days=1),
    )
    context = process_questionnaires(process)
    accepting = {q.pk: q.accepting for q in context["questionnaires"]}
    assert accepting == {open_now.pk: True, closed.pk: False}

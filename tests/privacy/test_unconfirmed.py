"""Supports and questionnaire answers never confirmed are deleted by the retention job a week
after they were asked for: they never counted, and their address has no other use. A dry run
says how many; a second run deletes nothing more."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from coplan.contributions.models import Support
from coplan.privacy import services
from coplan.privacy.retention import UNCONFIRMED_SUFFIX
from coplan.surveys.models import Answer, Response
from tests.contributions.factories import ContributionFactory
from tests.surveys.factories import question, questionnaire_with_every_kind

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(open_ideas):
    now = timezone.now()
    old = now - datetime.timedelta(days=8)
    recent = now - datetime.timedelta(days=2)
    idea = ContributionFactory(opportunity=open_ideas)
    for n, (created, confirmed) in enumerate(((old, None), (recent, None), (old, old))):
        Support.objects.create(
            pk=100 + n,
            contribution=idea,
            supporter_key=f"email:{n}",
            created_at=created,
            confirmed_at=confirmed,
            email="" if confirmed else f"p{n}@example.org",
        )
    questionnaire = questionnaire_with_every_kind()
    for n, (submitted, confirmed) in enumerate(((old, None), (recent, None), (old, old))):
        response = Response.objects.create(
            pk=100 + n,
            questionnaire=questionnaire,
            submitted_at=submitted,
            confirmed_at=confirmed,
            respondent_key=f"email:{n}",
            email="" if confirmed else f"r{n}@example.org",
        )
        Answer.objects.create(
            response=response,
            questionnaire=questionnaire,
            question=question(questionnaire, "long_text"),
            pending_text="" if confirmed else "Call me on 613-555-0199",
        )
    return idea


def test_dry_run_counts_then_the_run_deletes_only_old_unconfirmed(records):
    dry = services.retention_run(dry_run=True)
    assert dry.counts["contributions.Support" + UNCONFIRMED_SUFFIX] == 1
    assert dry.counts["surveys.Response" + UNCONFIRMED_SUFFIX] == 1
    assert Support.objects.count() == 3 and Response.objects.count() == 3

    run = services.retention_run()
    assert run.counts["contributions.Support" + UNCONFIRMED_SUFFIX] == 1
    assert run.counts["surveys.Response" + UNCONFIRMED_SUFFIX] == 1
    # The recent unconfirmed one and the confirmed one stay (whatever else retention did).
    assert sorted(Support.objects.values_list("pk", flat=True)) == [101, 102]
    assert sorted(Response.objects.values_list("pk", flat=True)) == [101, 102]
    # The waiting written answer went with its response.
    assert sorted(Answer.objects.values_list("response_id", flat=True)) == [101, 102]
    again = services.retention_run()
    assert not any(label.endswith(UNCONFIRMED_SUFFIX) for label in again.counts)


def test_the_command_says_what_it_would_delete(records):
    out = io.StringIO()
    call_command("privacy", "retention", "--dry-run", stdout=out)
    assert "contributions.Support: would delete 1 unconfirmed record(s)" in out.getvalue()
    assert Support.objects.count() == 3

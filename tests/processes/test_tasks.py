"""The scheduler's job of the processes app (processes.tasks): opportunities open and close on
their dates, and a run with nothing due changes nothing."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from coplan.processes.models import Opportunity
from coplan.processes.tasks import opportunities_sync_status
from tests.processes.factories import OpportunityFactory

pytestmark = pytest.mark.django_db


def test_opportunities_open_and_close_on_their_dates(process):
    phase = process.phases.get(kind="development")
    now = timezone.now()
    due = OpportunityFactory(
        phase=phase, slug="due", status="announced", opens_at=now - datetime.timedelta(hours=1)
    )
    later = OpportunityFactory(
        phase=phase, slug="later", status="announced", opens_at=now + datetime.timedelta(days=1)
    )
    over = OpportunityFactory(
        phase=phase, slug="over", status="open", closes_at=now - datetime.timedelta(minutes=1)
    )
    assert opportunities_sync_status.call() == {"opened": 1, "closed": 1}
    statuses = dict(Opportunity.objects.values_list("slug", "status"))
    assert statuses == {due.slug: "open", later.slug: "announced", over.slug: "closed"}
    assert opportunities_sync_status.call() == {"opened": 0, "closed": 0}

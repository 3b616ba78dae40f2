import datetime

import pytest

from coplan.processes.models import Opportunity
from tests.processes.factories import OpportunityFactory


@pytest.mark.django_db
class TestOpportunityWindow:
    def test_open_within_dates(self):
        now = datetime.datetime(2018, 1, 1, tzinfo=datetime.UTC)
        opportunity = OpportunityFactory(
            opens_at=now - datetime.timedelta(days=1), closes_at=now + datetime.timedelta(days=1)
        )
        assert opportunity.is_accepting_input(now)

    def test_closed_after_closing_time_even_if_status_is_open(self):
        now = datetime.datetime(2018, 1, 1, tzinfo=datetime.UTC)
        opportunity = OpportunityFactory(closes_at=now)
        assert not opportunity.is_accepting_input(now)

    def test_announced_does_not_accept(self):
        opportunity = OpportunityFactory(status=Opportunity.Status.ANNOUNCED)
        assert not opportunity.is_accepting_input()

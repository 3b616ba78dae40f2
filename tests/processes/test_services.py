import datetime

import pytest
from django.core.exceptions import ValidationError

from coplan.processes.models import Opportunity, OpportunityStatusChange
from coplan.processes.services import opportunities_sync_status, opportunity_status_set
from tests.processes.factories import OpportunityFactory

NOW = datetime.datetime(2018, 1, 10, 12, tzinfo=datetime.UTC)


@pytest.mark.django_db
def test_scheduler_opens_on_date_and_records_the_change():
    opportunity = OpportunityFactory(status="announced", opens_at=NOW - datetime.timedelta(hours=1))
    assert opportunities_sync_status(now=NOW) == {"opened": 1, "closed": 0}
    opportunity.refresh_from_db()
    assert opportunity.status == "open"
    change = OpportunityStatusChange.objects.get(opportunity=opportunity)
    assert (change.from_status, change.to_status, change.by_scheduler) == (
        "announced",
        "open",
        True,
    )
    # Running again changes nothing and records nothing more.
    assert opportunities_sync_status(now=NOW) == {"opened": 0, "closed": 0}
    assert OpportunityStatusChange.objects.count() == 1


@pytest.mark.django_db
def test_scheduler_closes_after_closing_time():
    opportunity = OpportunityFactory(status="open", closes_at=NOW - datetime.timedelta(minutes=1))
    opportunities_sync_status(now=NOW)
    opportunity.refresh_from_db()
    assert opportunity.status == "closed"


@pytest.mark.django_db
def test_future_opportunity_stays_announced():
    opportunity = OpportunityFactory(status="announced", opens_at=NOW + datetime.timedelta(days=1))
    opportunities_sync_status(now=NOW)
    opportunity.refresh_from_db()
    assert opportunity.status == "announced"


@pytest.mark.django_db
def test_illegal_transition_is_refused_with_a_clear_message():
    opportunity = OpportunityFactory(status=Opportunity.Status.OPEN)
    with pytest.raises(ValidationError) as error:
        opportunity_status_set(opportunity=opportunity, status=Opportunity.Status.ANNOUNCED)
    assert "cannot go from" in error.value.messages[0]

"""What sessions declare to the other apps (events/wiring.py)."""

from __future__ import annotations

import pytest

from coplan.events.models import Event, Registration, VolunteerOffer
from coplan.privacy.registry import registry
from coplan.processes.models import Opportunity
from coplan.processes.participation import participation_url
from tests.processes.factories import OpportunityFactory


def test_registrants_and_volunteers_are_personal_data_erased_with_their_email():
    registration = registry.get(Registration)
    assert registration is not None
    assert {"name", "email", "accessibility_needs"} <= set(registration.fields)
    assert registration.deidentify["email"] == "deidentified-{pk}@invalid"
    volunteer = registry.get(VolunteerOffer)
    assert volunteer is not None and "reply" in volunteer.fields


def test_a_session_venue_is_not_personal_data():
    exempted = {field for exemption in registry.exemptions(Event) for field in exemption.fields}
    assert {"venue_name", "venue_address"} <= exempted


@pytest.mark.django_db
def test_a_sessions_opportunity_takes_part_on_the_session_list():
    opportunity = OpportunityFactory(kind=Opportunity.Kind.SESSIONS)
    assert participation_url(opportunity) == f"/en/events/?opportunity={opportunity.pk}"

"""Who may do what in the processes app: role × permission, and taking part as a table of
opportunity × visitor with the clock frozen (as adhocracy4 tests its phase rules)."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser

from tests.accounts.factories import staff_with_role
from tests.processes.factories import OpportunityFactory

ADMINISTRATOR = "administrator"
EVERYONE = {"participant", "moderator", "analyst", "forum member", "department reporter"}
EVERYONE |= {ADMINISTRATOR}

# Without an opportunity, nobody takes part: the rule is about one opportunity.
TABLE = {
    "processes.manage_process": {ADMINISTRATOR},
    "processes.manage_pages": {ADMINISTRATOR},
    "processes.manage_blocks": {ADMINISTRATOR},
    "processes.take_part": set(),
}

NOW = datetime.datetime(2018, 1, 15, 12, 0, tzinfo=datetime.UTC)
DAY = datetime.timedelta(days=1)


def test_each_role_holds_exactly_its_permissions(assert_role_table):
    """Every processes permission is in the table; each role holds exactly the ones it gives."""
    assert_role_table("processes", TABLE)


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("status", "opens", "closes", "anonymous", "stranger", "participant"),
    [
        ("open", -DAY, DAY, True, True, True),
        ("open", -DAY, DAY, False, False, True),
        ("open", None, None, True, True, True),
        ("open", DAY, 2 * DAY, True, False, False),  # opens tomorrow: dates win over status
        ("open", -2 * DAY, -DAY, True, False, False),  # closed yesterday by its dates
        ("announced", -DAY, DAY, True, False, False),
        ("closed", -DAY, DAY, True, False, False),
    ],
)
def test_taking_part_needs_an_opportunity_taking_input_that_welcomes_the_visitor(
    status, opens, closes, anonymous, stranger, participant
):
    """Open now ∧ (anyone welcome ∨ signed in): for a stranger and a signed-in participant."""
    opportunity = OpportunityFactory(
        status=status,
        opens_at=NOW + opens if opens is not None else None,
        closes_at=NOW + closes if closes is not None else None,
        allows_anonymous=anonymous,
    )
    assert AnonymousUser().has_perm("processes.take_part", opportunity) is stranger
    assert staff_with_role("participant").has_perm("processes.take_part", opportunity) is (
        participant
    )

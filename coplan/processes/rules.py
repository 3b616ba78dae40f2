"""Who may do what in a process (one line per permission, tested in tests/processes/test_rules.py).

As adhocracy4 does, taking part is a rule on the opportunity: it takes input now (open, and
within its dates) and either welcomes people without an account or the person is signed in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import rules

from coplan.accounts.rules import is_administrator

if TYPE_CHECKING:
    from coplan.accounts.models import User

    from .models import Opportunity


# The rules library has no type information: its decorator hides the signature from mypy.
@rules.predicate  # type: ignore[untyped-decorator]
def is_taking_input(user: User | None, opportunity: Opportunity | None) -> bool:
    """The opportunity is open by its status and within its opening and closing times."""
    return opportunity is not None and opportunity.is_accepting_input()


@rules.predicate  # type: ignore[untyped-decorator]
def welcomes_anyone(user: User | None, opportunity: Opportunity | None) -> bool:
    """People may take part without an account."""
    return opportunity is not None and opportunity.allows_anonymous


# Processes, their phases and their opportunities are set up by the open-government team.
rules.add_perm("processes.manage_process", is_administrator)
# The site's static pages (about open government, rules of participation, privacy notice).
rules.add_perm("processes.manage_pages", is_administrator)
# Content blocks of process pages and static pages (videos, "Contact us"): the same team.
rules.add_perm("processes.manage_blocks", is_administrator)
# Submitting an idea, a comment, an answer: the opportunity takes input and welcomes this person.
rules.add_perm("processes.take_part", is_taking_input & (welcomes_anyone | rules.is_authenticated))

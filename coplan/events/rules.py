"""Who may do what with sessions (one line per permission)."""

import rules

from coplan.accounts.rules import is_administrator, is_analyst

# Registrations hold names and emails: the team that runs the sessions only.
rules.add_perm("events.manage_registrations", is_administrator)
# Notes join the corpus; analysts enter and import them too.
rules.add_perm("events.record_notes", is_administrator | is_analyst)

# The administration is where staff create sessions: administrators only. Registrations are
# seen there read-only; they change through the public link and the staff pages.
for _action in ("view", "add", "change", "delete"):
    rules.add_perm(f"events.{_action}_event", is_administrator)
rules.add_perm("events.view_registration", is_administrator)
# Offers to volunteer hold names and emails: the team that runs the sessions answers them.
rules.add_perm("events.manage_volunteers", is_administrator)

"""Who may do what with sessions (one line per permission)."""

import rules

from coplan.accounts.rules import is_administrator, is_analyst

# Registrations hold names and emails: the team that runs the sessions only.
rules.add_perm("events.manage_registrations", is_administrator)
# Notes join the corpus; analysts enter and import them too.
rules.add_perm("events.record_notes", is_administrator | is_analyst)

"""Who may do what with questionnaires (one line per permission)."""

import rules

from coplan.accounts.rules import is_administrator, is_analyst

# Staff-only results and the responses export are for the people who analyse them.
rules.add_perm("surveys.view_staff_results", is_administrator | is_analyst)
rules.add_perm("surveys.export_responses", is_administrator | is_analyst)

"""Who may do what with questionnaires (one line per permission)."""

import rules

from coplan.accounts.rules import is_administrator, is_analyst

# Staff-only results and the responses export are for the people who analyse them.
rules.add_perm("surveys.view_staff_results", is_administrator | is_analyst)
rules.add_perm("surveys.export_responses", is_administrator | is_analyst)

# The administration is where staff build questionnaires: administrators only.
for _model in ("questionnaire", "question", "choice"):
    for _action in ("view", "add", "change", "delete"):
        rules.add_perm(f"surveys.{_action}_{_model}", is_administrator)

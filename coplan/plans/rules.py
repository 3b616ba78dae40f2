import rules

from coplan.accounts.rules import is_administrator, is_analyst

# The open-government team writes, submits to Cabinet and publishes the plan.
rules.add_perm("plans.manage_plan", is_administrator)
# Staff pages of the plan (drafts, Cabinet review, history): the team and the analysts.
rules.add_perm("plans.view_staff", is_administrator | is_analyst)
# Analysts who read every comment help say why the final text changed.
rules.add_perm("plans.explain_changes", is_administrator | is_analyst)

import rules

from coplan.accounts.rules import is_administrator, is_analyst

rules.add_perm("analysis.code", is_analyst | is_administrator)
rules.add_perm("analysis.manage_codebook", is_analyst | is_administrator)
rules.add_perm("analysis.write_report", is_analyst | is_administrator)
rules.add_perm("analysis.publish_report", is_analyst | is_administrator)

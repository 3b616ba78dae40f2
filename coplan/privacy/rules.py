import rules

from coplan.accounts.rules import is_administrator

# Correction requests and retention runs are handled by the open-government team.
rules.add_perm("privacy", is_administrator)
rules.add_perm("privacy.view_correctionrequest", is_administrator)
rules.add_perm("privacy.change_correctionrequest", is_administrator)
rules.add_perm("privacy.view_retentionrun", is_administrator)
rules.add_perm("privacy.view_accessrequest", is_administrator)

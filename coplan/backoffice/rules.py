"""Who may use the back office's own pages (one line per permission). The pages where staff
do each app's work keep that app's rules (processes, moderation, analysis...)."""

import rules

from coplan.accounts.rules import is_administrator, is_analyst, is_staff_member

# Every staff role has a home listing what waits for it.
rules.add_perm("backoffice.view_home", is_staff_member)
# The settings index lists the lists staff keep (themes, dispositions, reasons, organisations,
# mailboxes, roles): the team keeps them all, analysts their dispositions.
rules.add_perm("backoffice.view_settings", is_administrator | is_analyst)

"""Who may use the core app's staff pages (one line per permission).

Core sits below accounts, so it cannot use the role predicates: the progress of a long job is
for anyone marked staff, which every staff role is (``accounts`` sets the flag with the role).
"""

import rules

rules.add_perm("core.view_progress", rules.is_staff | rules.is_superuser)

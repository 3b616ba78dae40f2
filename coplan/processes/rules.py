"""Who may build and run a process (one line per permission, tested in tests/processes)."""

import rules

from coplan.accounts.rules import is_administrator

# Processes, their phases and their opportunities are set up by the open-government team.
rules.add_perm("processes.manage_process", is_administrator)

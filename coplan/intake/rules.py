import rules

from coplan.accounts.rules import is_administrator, is_moderator

# The open-government team imports; moderators, who work the resulting queue, may too.
can_import = is_administrator | is_moderator

rules.add_perm("intake.import", can_import)
rules.add_perm("intake.view_runs", can_import)
rules.add_perm("intake.manage_mailboxes", is_administrator)

# The admin pages of this app follow the same roles.
rules.add_perm("intake", can_import)
for model in ("importrun", "importreject", "emailattachment"):
    rules.add_perm(f"intake.view_{model}", can_import)
for action in ("view", "add", "change", "delete"):
    rules.add_perm(f"intake.{action}_mailbox", is_administrator)

import rules

from coplan.accounts.rules import is_administrator, is_moderator

may_moderate = is_moderator | is_administrator

rules.add_perm("moderation.moderate", may_moderate)
rules.add_perm("moderation.view_decision", may_moderate)
rules.add_perm("moderation.view_moderationreason", may_moderate)
rules.add_perm("moderation.add_moderationreason", is_administrator)
rules.add_perm("moderation.change_moderationreason", is_administrator)

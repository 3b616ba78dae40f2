"""Who may do what in the forum app: one line per permission, tested per role in tests/forum."""

import rules

from coplan.accounts.rules import is_administrator, is_forum_member, is_staff_member

# Workspace drafts belong to the forum: its members only (not every staff role).
rules.add_perm("forum.view_workspace", is_forum_member)
rules.add_perm("forum.edit_workspace", is_forum_member)
rules.add_perm("forum.view_staff", is_staff_member)
rules.add_perm("forum.manage_forum", is_administrator)
rules.add_perm("forum.manage_members", is_administrator)
rules.add_perm("forum.manage_meetings", is_administrator | is_forum_member)
rules.add_perm("forum.attach_evidence", is_administrator)
rules.add_perm("forum.manage_lessons", is_administrator | is_forum_member)
rules.add_perm("forum.manage_reviews", is_administrator)

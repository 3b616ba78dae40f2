import rules

from . import roles

is_moderator = rules.is_group_member(roles.MODERATOR)
is_analyst = rules.is_group_member(roles.ANALYST)
is_forum_member = rules.is_group_member(roles.FORUM_MEMBER)
is_department_reporter = rules.is_group_member(roles.DEPARTMENT_REPORTER)
is_administrator = rules.is_group_member(roles.ADMINISTRATOR) | rules.is_superuser
is_staff_member = (
    is_moderator | is_analyst | is_forum_member | is_department_reporter | is_administrator
)

rules.add_perm("accounts.manage_users", is_administrator)
rules.add_perm("accounts.manage_organisations", is_administrator)

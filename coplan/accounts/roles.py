"""Roles are groups; each app states in its rules.py what a role may do."""

from django.utils.translation import gettext_lazy as _

PARTICIPANT = "participant"
MODERATOR = "moderator"
ANALYST = "analyst"
FORUM_MEMBER = "forum member"
DEPARTMENT_REPORTER = "department reporter"
ADMINISTRATOR = "administrator"

ROLES = {
    PARTICIPANT: _("Participant"),
    MODERATOR: _("Moderator"),
    ANALYST: _("Analyst"),
    FORUM_MEMBER: _("Forum member"),
    DEPARTMENT_REPORTER: _("Department reporter"),
    ADMINISTRATOR: _("Administrator"),
}

# Every role but participant works behind the scenes and signs in to staff pages.
STAFF_ROLES = frozenset(ROLES) - {PARTICIPANT}

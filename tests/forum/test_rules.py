"""Who may do what in the forum app: role × permission, as its rules.py declares."""

ADMINISTRATOR = "administrator"
FORUM = "forum member"
STAFF = {"moderator", "analyst", "forum member", "department reporter", "administrator"}

TABLE = {
    "forum.view_workspace": {FORUM},
    "forum.edit_workspace": {FORUM},
    "forum.view_staff": STAFF,
    "forum.manage_forum": {ADMINISTRATOR},
    "forum.manage_members": {ADMINISTRATOR},
    "forum.manage_meetings": {ADMINISTRATOR, FORUM},
    "forum.attach_evidence": {ADMINISTRATOR},
    "forum.manage_lessons": {ADMINISTRATOR, FORUM},
    "forum.manage_reviews": {ADMINISTRATOR},
}


def test_each_role_holds_exactly_its_permissions(assert_role_table):
    """Every forum permission is in the table; each role holds exactly the ones it gives."""
    assert_role_table("forum", TABLE)

"""Who may do what in the backoffice app: role × permission, as its rules.py declares."""

STAFF = {"moderator", "analyst", "forum member", "department reporter", "administrator"}

TABLE = {
    "backoffice.view_home": STAFF,
    "backoffice.view_settings": {"analyst", "administrator"},
}


def test_each_role_holds_exactly_its_permissions(assert_role_table):
    """Every backoffice permission is in the table; each role holds exactly the ones it gives."""
    assert_role_table("backoffice", TABLE)

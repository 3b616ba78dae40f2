"""Who may do what in the accounts app: role × permission, as its rules.py declares."""

ADMINISTRATOR = "administrator"

TABLE = {
    "accounts.manage_users": {ADMINISTRATOR},
    "accounts.manage_organisations": {ADMINISTRATOR},
}


def test_each_role_holds_exactly_its_permissions(assert_role_table):
    """Every accounts permission is in the table; each role holds exactly the ones it gives."""
    assert_role_table("accounts", TABLE)

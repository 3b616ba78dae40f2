"""Who may do what in the processes app: role × permission, as its rules.py declares."""

ADMINISTRATOR = "administrator"

TABLE = {
    "processes.manage_process": {ADMINISTRATOR},
}


def test_each_role_holds_exactly_its_permissions(assert_role_table):
    """Every processes permission is in the table; each role holds exactly the ones it gives."""
    assert_role_table("processes", TABLE)

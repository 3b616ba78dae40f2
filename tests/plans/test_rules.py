"""Who may do what in the plans app: role × permission, as its rules.py declares."""

ADMINISTRATOR = "administrator"
ANALYST = "analyst"

TABLE = {
    "plans.manage_plan": {ADMINISTRATOR},
    "plans.view_staff": {ADMINISTRATOR, ANALYST},
    "plans.explain_changes": {ADMINISTRATOR, ANALYST},
}


def test_each_role_holds_exactly_its_permissions(assert_role_table):
    """Every plans permission is in the table; each role holds exactly the ones it gives."""
    assert_role_table("plans", TABLE)

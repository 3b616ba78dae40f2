"""Who may do what in the analysis app: role × permission, as its rules.py declares."""

ADMINISTRATOR = "administrator"
ANALYST = "analyst"

TABLE = {
    "analysis.code": {ANALYST, ADMINISTRATOR},
    "analysis.manage_codebook": {ANALYST, ADMINISTRATOR},
    "analysis.write_report": {ANALYST, ADMINISTRATOR},
    "analysis.publish_report": {ANALYST, ADMINISTRATOR},
}


def test_each_role_holds_exactly_its_permissions(assert_role_table):
    """Every analysis permission is in the table; each role holds exactly the ones it gives."""
    assert_role_table("analysis", TABLE)

"""Who may do what in the opendata app: role × permission, as its rules.py declares."""

ADMINISTRATOR = "administrator"
ANALYST = "analyst"

TABLE = {
    "opendata.publish": {ADMINISTRATOR},
    "opendata.view_staff": {ADMINISTRATOR, ANALYST},
    "opendata.view_datasetversion": {ADMINISTRATOR},
    "opendata.view_datasetfile": {ADMINISTRATOR},
    "opendata.delete_datasetversion": {ADMINISTRATOR},
}


def test_each_role_holds_exactly_its_permissions(assert_role_table):
    """Every opendata permission is in the table; each role holds exactly the ones it gives."""
    assert_role_table("opendata", TABLE)

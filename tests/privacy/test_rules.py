"""Who may do what in the privacy app: role × permission, as its rules.py declares."""

ADMINISTRATOR = "administrator"

TABLE = {
    "privacy": {ADMINISTRATOR},
    "privacy.change_correctionrequest": {ADMINISTRATOR},
    "privacy.view_accessrequest": {ADMINISTRATOR},
    "privacy.view_correctionrequest": {ADMINISTRATOR},
    "privacy.view_retentionrun": {ADMINISTRATOR},
}


def test_each_role_holds_exactly_its_permissions(assert_role_table):
    """Every privacy permission is in the table; each role holds exactly the ones it gives."""
    assert_role_table("privacy", TABLE)

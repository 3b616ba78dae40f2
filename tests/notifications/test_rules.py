"""Who may do what in the notifications app: role × permission, as its rules.py declares."""

ADMINISTRATOR = "administrator"

TABLE = {
    "notifications": {ADMINISTRATOR},
    "notifications.change_announcement": {ADMINISTRATOR},
    "notifications.view_announcement": {ADMINISTRATOR},
    "notifications.view_delivery": {ADMINISTRATOR},
    "notifications.view_subscriber": {ADMINISTRATOR},
}


def test_each_role_holds_exactly_its_permissions(assert_role_table):
    """Every notifications permission is in the table; each role holds exactly the ones it gives."""
    assert_role_table("notifications", TABLE)

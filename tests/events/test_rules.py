"""Who may do what in the events app: role × permission, as its rules.py declares."""

ADMINISTRATOR = "administrator"
ANALYST = "analyst"

TABLE = {
    "events.manage_registrations": {ADMINISTRATOR},
    "events.record_notes": {ADMINISTRATOR, ANALYST},
    "events.view_event": {ADMINISTRATOR},
    "events.add_event": {ADMINISTRATOR},
    "events.change_event": {ADMINISTRATOR},
    "events.delete_event": {ADMINISTRATOR},
    "events.view_registration": {ADMINISTRATOR},
    "events.manage_volunteers": {ADMINISTRATOR},
}


def test_each_role_holds_exactly_its_permissions(assert_role_table):
    """Every events permission is in the table; each role holds exactly the ones it gives."""
    assert_role_table("events", TABLE)

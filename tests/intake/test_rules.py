"""Who may do what in the intake app: role × permission, as its rules.py declares."""

ADMINISTRATOR = "administrator"
MODERATOR = "moderator"

TABLE = {
    "intake": {ADMINISTRATOR, MODERATOR},
    "intake.import": {ADMINISTRATOR, MODERATOR},
    "intake.view_runs": {ADMINISTRATOR, MODERATOR},
    "intake.view_importrun": {ADMINISTRATOR, MODERATOR},
    "intake.view_importreject": {ADMINISTRATOR, MODERATOR},
    "intake.view_emailattachment": {ADMINISTRATOR, MODERATOR},
    "intake.manage_mailboxes": {ADMINISTRATOR},
    "intake.add_mailbox": {ADMINISTRATOR},
    "intake.change_mailbox": {ADMINISTRATOR},
    "intake.delete_mailbox": {ADMINISTRATOR},
    "intake.view_mailbox": {ADMINISTRATOR},
}


def test_each_role_holds_exactly_its_permissions(assert_role_table):
    """Every intake permission is in the table; each role holds exactly the ones it gives."""
    assert_role_table("intake", TABLE)

"""Who may do what in the moderation app: role × permission, as its rules.py declares."""

ADMINISTRATOR = "administrator"
MODERATOR = "moderator"

TABLE = {
    "moderation.moderate": {MODERATOR, ADMINISTRATOR},
    "moderation.view_decision": {MODERATOR, ADMINISTRATOR},
    "moderation.view_moderationreason": {MODERATOR, ADMINISTRATOR},
    "moderation.add_moderationreason": {ADMINISTRATOR},
    "moderation.change_moderationreason": {ADMINISTRATOR},
}


def test_each_role_holds_exactly_its_permissions(assert_role_table):
    """Every moderation permission is in the table; each role holds exactly the ones it gives."""
    assert_role_table("moderation", TABLE)

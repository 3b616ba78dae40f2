"""Who may do what in the surveys app: role × permission, as its rules.py declares."""

ADMINISTRATOR = "administrator"
ANALYST = "analyst"

TABLE = {
    "surveys.view_staff_results": {ADMINISTRATOR, ANALYST},
    "surveys.export_responses": {ADMINISTRATOR, ANALYST},
    "surveys.view_questionnaire": {ADMINISTRATOR},
    "surveys.add_questionnaire": {ADMINISTRATOR},
    "surveys.change_questionnaire": {ADMINISTRATOR},
    "surveys.delete_questionnaire": {ADMINISTRATOR},
    "surveys.view_question": {ADMINISTRATOR},
    "surveys.add_question": {ADMINISTRATOR},
    "surveys.change_question": {ADMINISTRATOR},
    "surveys.delete_question": {ADMINISTRATOR},
    "surveys.view_choice": {ADMINISTRATOR},
    "surveys.add_choice": {ADMINISTRATOR},
    "surveys.change_choice": {ADMINISTRATOR},
    "surveys.delete_choice": {ADMINISTRATOR},
}


def test_each_role_holds_exactly_its_permissions(assert_role_table):
    """Every surveys permission is in the table; each role holds exactly the ones it gives."""
    assert_role_table("surveys", TABLE)

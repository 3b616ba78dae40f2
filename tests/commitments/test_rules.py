"""Who may do what with commitments: role × permission, and the rules that depend on the object
(an assigned editor, the organisation responsible for a milestone, a confirmed partner)."""

import pytest

from coplan.commitments import services
from tests.accounts.factories import OrganisationFactory, staff_with_role
from tests.commitments.factories import make_commitment, make_milestone

ADMINISTRATOR = "administrator"
ANALYST = "analyst"
FORUM = "forum member"
STAFF = {"moderator", "analyst", "forum member", "department reporter", "administrator"}
EVERYONE = STAFF | {"participant"}

# Without an object: only what a role grants by itself.
TABLE = {
    "commitments.view_staff": STAFF,
    "commitments.add_commitment": {ADMINISTRATOR, FORUM},
    "commitments.edit_commitment": {ADMINISTRATOR, FORUM},
    "commitments.change_status": {ADMINISTRATOR, FORUM},
    "commitments.decide_amendment": {ADMINISTRATOR, FORUM},
    "commitments.propose_amendment": EVERYONE,
    "commitments.manage_partners": {ADMINISTRATOR, FORUM},
    "commitments.respond_partnership": set(),
    "commitments.link_contribution": {ADMINISTRATOR, FORUM, ANALYST},
    "commitments.report_progress": {ADMINISTRATOR},
    "commitments.manage_themes": {ADMINISTRATOR},
    "commitments.post_assessment": set(),
}


def test_each_role_holds_exactly_its_permissions(assert_role_table):
    """Every commitments permission is in the table; each role holds exactly the ones it gives."""
    assert_role_table("commitments", TABLE)


@pytest.mark.django_db
def test_an_assigned_editor_edits_that_commitment_only():
    """A participant named editor of one commitment may edit it and link sources, not another."""
    commitment, other = make_commitment(), make_commitment()
    editor = staff_with_role("participant")
    commitment.editors.add(editor)
    assert editor.has_perm("commitments.edit_commitment", commitment)
    assert editor.has_perm("commitments.link_contribution", commitment)
    assert not editor.has_perm("commitments.edit_commitment", other)
    assert not editor.has_perm("commitments.change_status", commitment)


@pytest.mark.django_db
def test_a_reporter_reports_on_the_milestones_of_their_organisation():
    """A department reporter reports on a milestone their organisation is responsible for."""
    department = OrganisationFactory()
    commitment = make_commitment(status="in_implementation")
    own = make_milestone(commitment, responsible=department)
    other = make_milestone(commitment)
    reporter = staff_with_role("department reporter", organisation=department)
    colleague = staff_with_role("analyst", organisation=department)
    assert reporter.has_perm("commitments.report_progress", own)
    assert not reporter.has_perm("commitments.report_progress", other)
    assert not colleague.has_perm("commitments.report_progress", own)


@pytest.mark.django_db
def test_a_confirmed_partner_answers_and_then_assesses():
    """The invited organisation answers its invitation; once confirmed, it may assess."""
    partner = OrganisationFactory(kind="civil_society")
    commitment = make_commitment(status="in_implementation")
    milestone = make_milestone(commitment)
    actor = services.actor_add(commitment=commitment, organisation=partner, kind="civil_society")
    member = staff_with_role("forum member", organisation=partner)
    outsider = staff_with_role("forum member", organisation=OrganisationFactory())
    assert member.has_perm("commitments.respond_partnership", actor)
    assert not outsider.has_perm("commitments.respond_partnership", actor)
    assert not member.has_perm("commitments.post_assessment", milestone)
    services.actor_respond(actor=actor, user=member, confirm=True)
    assert member.has_perm("commitments.post_assessment", milestone)
    assert not outsider.has_perm("commitments.post_assessment", milestone)

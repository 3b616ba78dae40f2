"""Who may do what with commitments: one line per permission, tested per role in tests/."""

import rules
from django.contrib.auth.models import AnonymousUser

from coplan.accounts.models import User
from coplan.accounts.rules import (
    is_administrator,
    is_analyst,
    is_department_reporter,
    is_forum_member,
    is_staff_member,
)

from .models import ActorKind, Commitment, CommitmentActor, Milestone, PartnershipStatus

Visitor = User | AnonymousUser


# rules has no type information: its decorator hides the signature from mypy.
@rules.predicate  # type: ignore[untyped-decorator]
def is_assigned_editor(user: Visitor, commitment: Commitment | None) -> bool:
    if commitment is None or not user.is_authenticated:
        return False
    return commitment.editors.filter(pk=user.pk).exists()


@rules.predicate  # type: ignore[untyped-decorator]
def is_responsible_for_milestone(user: Visitor, milestone: Milestone | None) -> bool:
    """A milestone belongs to the user's organisation (department reporters report on those)."""
    if milestone is None or not user.is_authenticated or user.organisation_id is None:
        return False
    return milestone.responsible_id == user.organisation_id


@rules.predicate  # type: ignore[untyped-decorator]
def is_civil_society_partner(user: Visitor, milestone: Milestone | None) -> bool:
    """The user's organisation is a confirmed civil-society partner of the commitment."""
    if milestone is None or not user.is_authenticated or user.organisation_id is None:
        return False
    return milestone.commitment.actors.filter(
        organisation_id=user.organisation_id,
        kind=ActorKind.CIVIL_SOCIETY,
        status=PartnershipStatus.CONFIRMED,
    ).exists()


@rules.predicate  # type: ignore[untyped-decorator]
def is_invited_organisation(user: Visitor, actor: CommitmentActor | None) -> bool:
    if actor is None or not user.is_authenticated or user.organisation_id is None:
        return False
    return actor.organisation_id == user.organisation_id


@rules.predicate  # type: ignore[untyped-decorator]
def is_participant(user: Visitor) -> bool:
    return user.is_authenticated


is_editor = is_administrator | is_forum_member | is_assigned_editor

rules.add_perm("commitments.view_staff", is_staff_member)
rules.add_perm("commitments.add_commitment", is_administrator | is_forum_member)
rules.add_perm("commitments.edit_commitment", is_editor)
rules.add_perm("commitments.change_status", is_administrator | is_forum_member)
rules.add_perm("commitments.decide_amendment", is_editor)
rules.add_perm("commitments.propose_amendment", is_participant)
rules.add_perm("commitments.manage_partners", is_editor)
rules.add_perm("commitments.respond_partnership", is_staff_member & is_invited_organisation)
rules.add_perm("commitments.link_contribution", is_analyst | is_editor)
rules.add_perm(
    "commitments.report_progress",
    is_administrator | (is_department_reporter & is_responsible_for_milestone),
)
rules.add_perm("commitments.post_assessment", is_staff_member & is_civil_society_partner)
# The plan's themes (open data, democracy...) are set by the open-government team.
rules.add_perm("commitments.manage_themes", is_administrator)

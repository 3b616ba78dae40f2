"""Commitments in the Open Government Partnership template, from co-drafting to implementation.

- commitment.py: the commitment itself, its themes, its actors (leads and partners), its
  lifecycle (statuses and allowed transitions per role, as data);
- drafting.py: versions, amendments, transitions and links to the contributions behind it;
- tracking.py: milestones, evidence and progress updates (government and civil society).
"""

from .commitment import (
    COMMITMENT_TEMPLATE_FIELDS,
    LONG_TEXT_MAX_LENGTH,
    TEXT_FIELDS,
    TRANSITIONS,
    ActorKind,
    Commitment,
    CommitmentActor,
    OgpValue,
    PartnershipStatus,
    Status,
    Theme,
)
from .drafting import (
    Amendment,
    AmendmentStatus,
    CommitmentTransition,
    CommitmentVersion,
    ContributionLink,
    LinkRelation,
)
from .tracking import (
    Milestone,
    MilestoneEvidence,
    MilestoneStatus,
    ProgressUpdate,
    UpdateKind,
)

__all__ = [
    "COMMITMENT_TEMPLATE_FIELDS",
    "LONG_TEXT_MAX_LENGTH",
    "TEXT_FIELDS",
    "TRANSITIONS",
    "ActorKind",
    "Amendment",
    "AmendmentStatus",
    "Commitment",
    "CommitmentActor",
    "CommitmentTransition",
    "CommitmentVersion",
    "ContributionLink",
    "LinkRelation",
    "Milestone",
    "MilestoneEvidence",
    "MilestoneStatus",
    "OgpValue",
    "PartnershipStatus",
    "ProgressUpdate",
    "Status",
    "Theme",
    "UpdateKind",
]

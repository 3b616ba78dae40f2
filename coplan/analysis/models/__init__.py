"""Learning: the codebook, codings, assessments, campaigns, trained models and reports.

Everything the analysts decide about a contribution lives here, attached to the shared
Contribution by foreign keys: the contributions app is never edited by this one.
"""

from .campaigns import Campaign, CampaignMember
from .codebook import Disposition, Theme
from .coding import (
    NOTE_MAX_LENGTH,
    RESPONSE_MAX_LENGTH,
    Coding,
    ContributionAssessment,
    ContributionTranslation,
    QueueCounts,
    RejectedSuggestion,
)
from .machine import TopicCandidate, TopicRun, TrainedModel
from .reports import Report

__all__ = [
    "NOTE_MAX_LENGTH",
    "RESPONSE_MAX_LENGTH",
    "Campaign",
    "CampaignMember",
    "Coding",
    "ContributionAssessment",
    "ContributionTranslation",
    "Disposition",
    "QueueCounts",
    "RejectedSuggestion",
    "Report",
    "Theme",
    "TopicCandidate",
    "TopicRun",
    "TrainedModel",
]

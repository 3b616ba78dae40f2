"""Use cases of commitments: one keyword-only, atomic function each, one module per use case.

Views check permissions (rules.py) and call these; these check the domain's own rules (allowed
transitions per role, optimistic concurrency, partnership answers) and record what happened.
"""

from .amendments import amendment_accept, amendment_decline, amendment_propose
from .drafting import commitment_create, commitment_edit, milestone_save
from .lifecycle import allowed_transitions, commitment_transition, missing_template_fields
from .partnerships import actor_add, actor_respond
from .sources import contribution_link, contribution_unlink
from .themes import theme_delete, theme_save
from .tracking import assessment_post, progress_report
from .versions import (
    EditConflict,
    codrafting_opportunity,
    commitment_snapshot,
    tracking_opportunity,
)

__all__ = [
    "EditConflict",
    "actor_add",
    "actor_respond",
    "allowed_transitions",
    "amendment_accept",
    "amendment_decline",
    "amendment_propose",
    "assessment_post",
    "codrafting_opportunity",
    "commitment_create",
    "commitment_edit",
    "commitment_snapshot",
    "commitment_transition",
    "contribution_link",
    "contribution_unlink",
    "milestone_save",
    "missing_template_fields",
    "progress_report",
    "theme_delete",
    "theme_save",
    "tracking_opportunity",
]

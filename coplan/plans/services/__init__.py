"""Writing the plan: drafts, cabinet review, publication (which freezes the text), explanations.
One module per use case; the names stay importable from here."""

from .cabinet import cabinet_review_decide, cabinet_review_submit, draft_fingerprint
from .drafting import (
    DEFAULT_SECTIONS,
    plan_create,
    plan_section_add,
    plan_section_delete,
    plan_section_move,
    plan_section_update,
    plan_version_create,
    plan_version_discard,
    plan_version_update_title,
)
from .explaining import change_explain
from .publishing import plan_version_publish

__all__ = [
    "DEFAULT_SECTIONS",
    "cabinet_review_decide",
    "cabinet_review_submit",
    "change_explain",
    "draft_fingerprint",
    "plan_create",
    "plan_section_add",
    "plan_section_delete",
    "plan_section_move",
    "plan_section_update",
    "plan_version_create",
    "plan_version_discard",
    "plan_version_publish",
    "plan_version_update_title",
]

"""Writes to the corpus: every channel stores public input through these functions.

`contribution_submit` (submission.py) is the one way a single contribution enters the corpus
(web forms, email, social media, in-person notes, questionnaires); `contributions_import_bulk`
(bulk_import.py) is its bulk twin for large imports. The web use cases (participation.py:
`idea_submit`, `comment_submit`, `page_feedback_submit`, supports, flags) add the checks that
only apply to live participation: the opportunity must be open, anonymous input must be
allowed. moderated.py holds what moderation decisions change on contributions.
"""

from .bulk_import import contributions_import_bulk
from .moderated import (
    contribution_lock_unless_withdrawn,
    discussion_counts_refresh,
    flags_resolve,
)
from .participation import (
    comment_submit,
    contribution_flag,
    contribution_withdraw,
    idea_submit,
    idea_support,
    page_feedback_submit,
)
from .submission import CONTACT_NAME_MAX_LENGTH, contribution_submit, redacted_or_blank

__all__ = [
    "CONTACT_NAME_MAX_LENGTH",
    "comment_submit",
    "contribution_lock_unless_withdrawn",
    "contribution_flag",
    "contribution_submit",
    "contribution_withdraw",
    "contributions_import_bulk",
    "discussion_counts_refresh",
    "flags_resolve",
    "idea_submit",
    "idea_support",
    "page_feedback_submit",
    "redacted_or_blank",
]

"""Taking part on the web: ideas, supports, comments, flags, page feedback, one's own items;
one module per use case."""

from .comments import comment_create, reply_form
from .ideas import feedback, idea_create, idea_detail, idea_list
from .items import contribution_detail, contribution_flag, contribution_withdraw, my_contributions
from .page_feedback import page_feedback
from .supports import idea_support, support_confirm

__all__ = [
    "comment_create",
    "contribution_detail",
    "contribution_flag",
    "contribution_withdraw",
    "feedback",
    "idea_create",
    "idea_detail",
    "idea_list",
    "idea_support",
    "my_contributions",
    "page_feedback",
    "reply_form",
    "support_confirm",
]

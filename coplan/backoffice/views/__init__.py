"""The back office's pages, one module per use case: the staff home; processes, phases and
opportunities; sessions; questionnaires; correction requests; static pages; and the settings
(lists staff keep, mailboxes, staff roles)."""

from .corrections import correction, corrections
from .home import home
from .pages import page_create, page_edit, pages
from .processes import (
    current_phase_set,
    opportunity_close,
    opportunity_create,
    opportunity_edit,
    opportunity_open,
    phases_edit,
    process_close,
    process_create,
    process_detail,
    process_edit,
    process_list,
)
from .questionnaires import (
    question_copy,
    question_create,
    question_delete,
    question_edit,
    question_move,
    questionnaire_copy,
    questionnaire_create,
    questionnaire_edit,
)
from .sessions import session_create, session_edit

__all__ = [
    "correction",
    "corrections",
    "current_phase_set",
    "home",
    "opportunity_close",
    "opportunity_create",
    "opportunity_edit",
    "opportunity_open",
    "page_create",
    "page_edit",
    "pages",
    "phases_edit",
    "process_close",
    "process_create",
    "process_detail",
    "process_edit",
    "process_list",
    "question_copy",
    "question_create",
    "question_delete",
    "question_edit",
    "question_move",
    "questionnaire_copy",
    "questionnaire_create",
    "questionnaire_edit",
    "session_create",
    "session_edit",
]

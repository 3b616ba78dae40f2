"""Every change in the forum app: one keyword-only, atomic function per use case, one module
per area (the forum and its members, the workspace, meetings, oversight of the process); the
names stay importable from here.

Views call these and nothing else writes. Staff requests that change data are recorded in the
audit trail (core.StaffAction) by the security middleware; these functions never bypass a view
except in the demo and in tests.
"""

from ._common import FORUM_FIELDS, MEETING_FIELDS, MEMBER_FIELDS
from .meetings import (
    meeting_create,
    meeting_document_add,
    meeting_record_attendance,
    meeting_set_status,
    meeting_update,
)
from .members import forum_create, forum_update, member_add, member_term_end, member_update
from .oversight import evidence_add, lesson_add, lessons_publish, process_review_create
from .workspace import workspace_page_save

__all__ = [
    "FORUM_FIELDS",
    "MEETING_FIELDS",
    "MEMBER_FIELDS",
    "evidence_add",
    "forum_create",
    "forum_update",
    "lesson_add",
    "lessons_publish",
    "meeting_create",
    "meeting_document_add",
    "meeting_record_attendance",
    "meeting_set_status",
    "meeting_update",
    "member_add",
    "member_term_end",
    "member_update",
    "process_review_create",
    "workspace_page_save",
]

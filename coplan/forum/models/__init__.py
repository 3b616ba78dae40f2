"""The Multi-stakeholder Forum and the evidence of OGP accountability.

A Forum belongs to one process, or stands across processes (process empty). Its members sit for a
term, for an organisation and a sector; its meetings publish an agenda ahead and bilingual minutes
afterwards. Staff attach evidence of what happens outside the system; the team keeps a log of
lessons learned. Repository, coverage, compliance and self-assessment are computed from records
(selectors), never stored, but for the compliance counts the process page shows
(`ComplianceSummary`, recomputed from the records).
"""

from .forum import (
    BODY_MAX_LENGTH,
    DOCUMENT_MAX_BYTES,
    SIX_MONTHS,
    TITLE_MAX_LENGTH,
    Forum,
    ForumMember,
    MemberRole,
    Sector,
    WorkspacePage,
    WorkspacePageVersion,
)
from .meetings import (
    DOCUMENT_CONTENT_TYPES,
    MEETING_TRANSITIONS,
    PUBLIC_MEETING_STATUSES,
    Attendance,
    DocumentKind,
    Meeting,
    MeetingDocument,
    MeetingStatus,
)
from .oversight import ComplianceSummary, Evidence, Lesson, ProcessReview

__all__ = [
    "BODY_MAX_LENGTH",
    "DOCUMENT_CONTENT_TYPES",
    "DOCUMENT_MAX_BYTES",
    "MEETING_TRANSITIONS",
    "PUBLIC_MEETING_STATUSES",
    "SIX_MONTHS",
    "TITLE_MAX_LENGTH",
    "Attendance",
    "ComplianceSummary",
    "DocumentKind",
    "Evidence",
    "Forum",
    "ForumMember",
    "Lesson",
    "Meeting",
    "MeetingDocument",
    "MeetingStatus",
    "MemberRole",
    "ProcessReview",
    "Sector",
    "WorkspacePage",
    "WorkspacePageVersion",
]

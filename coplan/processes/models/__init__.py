"""The cycle: a Process has ordered Phases; each Phase offers Opportunities to take part.
Besides it, staff publish static pages, videos and a contact block (pages.py)."""

from .cycle import DEFAULT_RETENTION_MONTHS, Phase, Process
from .opportunities import Opportunity, OpportunityStatusChange
from .pages import ContactBlock, StaticPage, VideoBlock

__all__ = [
    "DEFAULT_RETENTION_MONTHS",
    "ContactBlock",
    "Opportunity",
    "OpportunityStatusChange",
    "Phase",
    "Process",
    "StaticPage",
    "VideoBlock",
]

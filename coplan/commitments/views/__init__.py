"""Thin views: permissions from rules.py, work in services, reads in selectors.py; one module
per use case."""

from .amendments import amendment_decide, amendment_list, amendment_propose
from .downloads import (
    export_commitments_csv,
    export_commitments_json,
    export_milestones_csv,
    export_milestones_json,
)
from .drafting import commitment_create, commitment_edit, commitment_transition, milestone_edit
from .partners import invitations, partner_respond, partners
from .public import (
    commitment_detail,
    commitment_list,
    commitment_print,
    dashboard,
    milestone_detail,
    version_compare,
)
from .sources import source_unlink, sources
from .tracking import assessment_post, progress_report

__all__ = [
    "amendment_decide",
    "amendment_list",
    "amendment_propose",
    "assessment_post",
    "commitment_create",
    "commitment_detail",
    "commitment_edit",
    "commitment_list",
    "commitment_print",
    "commitment_transition",
    "dashboard",
    "export_commitments_csv",
    "export_commitments_json",
    "export_milestones_csv",
    "export_milestones_json",
    "invitations",
    "milestone_detail",
    "milestone_edit",
    "partner_respond",
    "partners",
    "progress_report",
    "source_unlink",
    "sources",
    "version_compare",
]

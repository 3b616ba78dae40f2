"""Helpers shared by this app's test modules (a test module never imports another)."""

from __future__ import annotations

import datetime

from coplan.commitments import services as commitment_services
from tests.accounts.factories import staff_with_role


def _report(milestone, text_en="Inventory published.", text_fr="Inventaire publié."):
    department = milestone.responsible
    reporter = staff_with_role("department reporter", organisation=department)
    return commitment_services.progress_report(
        milestone=milestone,
        user=reporter,
        reported_on=datetime.date(2019, 1, 1),
        text_en=text_en,
        text_fr=text_fr,
        status="in_progress",
        percent_complete=40,
    )

"""The forum block of the process page: links to the forum, repository and compliance."""

from __future__ import annotations

from . import compliance, selectors


def process_section(process) -> dict | None:
    forum = selectors.forum_for_process(process)
    rows = compliance.compliance_rows(process)
    return {"process": process, "forum": forum, "summary": compliance.summary(rows)}

"""`{% heard_reports_block process %}`: the process's What We Heard reports, on any page (plan,
open data), in one query."""

from __future__ import annotations

from django import template

from coplan.processes.heard import heard_reports

register = template.Library()


@register.inclusion_tag("processes/includes/heard_reports.html")
def heard_reports_block(process) -> dict:
    return {"process": process, "reports": heard_reports([process.pk])[process.pk]}

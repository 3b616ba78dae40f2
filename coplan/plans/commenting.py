"""How plan paragraphs and versions take comments (registered with the contributions app).

A paragraph is commented on under the process's "draft plan" opportunity when its version was
published for review, and under the "final plan" opportunity when it is the final text. Only
published versions are visible, and only the version now under review (or now final) takes new
comments: threads of earlier versions stay readable, closed.
"""

from __future__ import annotations

from django.db.models import QuerySet

from coplan.processes.models import Opportunity, Process

from .models import PlanParagraph, PlanVersion
from .selectors import opportunity_for

OPEN_STATUSES = frozenset({PlanVersion.Status.REVIEW, PlanVersion.Status.FINAL})


def version_process(version: PlanVersion) -> Process:
    return version.plan.process


def version_opportunity(version: PlanVersion) -> Opportunity | None:
    return opportunity_for(version)


def version_takes_comments(version: PlanVersion) -> bool:
    return version.status in OPEN_STATUSES


def visible_versions(queryset: QuerySet) -> QuerySet:
    return queryset.filter(status__in=PlanVersion.PUBLISHED).select_related("plan__process")


def paragraph_process(paragraph: PlanParagraph) -> Process:
    return paragraph.version.plan.process


def paragraph_opportunity(paragraph: PlanParagraph) -> Opportunity | None:
    return opportunity_for(paragraph.version)


def paragraph_takes_comments(paragraph: PlanParagraph) -> bool:
    return version_takes_comments(paragraph.version)


def visible_paragraphs(queryset: QuerySet) -> QuerySet:
    return queryset.filter(version__status__in=PlanVersion.PUBLISHED).select_related(
        "version__plan__process"
    )

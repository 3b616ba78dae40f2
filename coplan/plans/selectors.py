"""Reads of the plan shared by pages; each runs a fixed number of queries whatever its size."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from coplan.contributions.models import Contribution
from coplan.processes.models import Opportunity, Process

from .diff import SectionChange, compare_versions
from .models import (
    CabinetReview,
    ChangeExplanation,
    FrozenSection,
    Plan,
    PlanEvent,
    PlanParagraph,
    PlanVersion,
)

OPPORTUNITY_KIND = {
    PlanVersion.Status.REVIEW: Opportunity.Kind.DRAFT_PLAN,
    PlanVersion.Status.FINAL: Opportunity.Kind.FINAL_PLAN,
}


def plan_for_slug(slug: str) -> Plan:
    """The plan of a process, with its process; 404 when the process has none."""
    return get_object_or_404(Plan.objects.select_related("process"), process__slug=slug)


def published_version(slug: str, number: int) -> PlanVersion:
    """A published version of a process's plan, or 404 (drafts are never public)."""
    return get_object_or_404(
        PlanVersion.objects.select_related("plan__process", "based_on"),
        plan__process__slug=slug,
        number=number,
        status__in=PlanVersion.PUBLISHED,
    )


def any_version(slug: str, number: int) -> PlanVersion:
    """Any version, drafts included (staff pages)."""
    return get_object_or_404(
        PlanVersion.objects.select_related("plan__process", "based_on"),
        plan__process__slug=slug,
        number=number,
    )


def published_versions(plan: Plan) -> QuerySet[PlanVersion]:
    return plan.versions.filter(status__in=PlanVersion.PUBLISHED).order_by("-number")


def current_version(process: Process, status: str) -> PlanVersion | None:
    """The version now published for review, or now final."""
    return (
        PlanVersion.objects.filter(plan__process=process, status=status)
        .select_related("plan__process")
        .order_by("-number")
        .first()
    )


@dataclass
class VersionContent:
    sections: list[FrozenSection]
    paragraphs: list[PlanParagraph]


def version_content(version: PlanVersion) -> VersionContent:
    """The frozen sections of a version, each with `.paragraph_list` (two queries)."""
    paragraphs = list(PlanParagraph.objects.filter(version=version).order_by("position"))
    sections = list(FrozenSection.objects.filter(version=version).order_by("position"))
    by_section: dict[int, list[PlanParagraph]] = {}
    for paragraph in paragraphs:
        paragraph.version = version
        by_section.setdefault(paragraph.section_id, []).append(paragraph)
    for section in sections:
        # Read by the templates: the section's paragraphs, already loaded.
        section.paragraph_list = by_section.get(section.pk, [])  # type: ignore[attr-defined]
    return VersionContent(sections, paragraphs)


def paragraph_of_version(version: PlanVersion, number: int) -> PlanParagraph:
    paragraph: PlanParagraph = get_object_or_404(
        PlanParagraph.objects.select_related("section"), version=version, number=number
    )
    paragraph.version = version
    return paragraph


def opportunity_for(version: PlanVersion) -> Opportunity | None:
    """The opportunity under which a version is commented on: the draft or the final plan's."""
    if version.was_final:
        kind = Opportunity.Kind.FINAL_PLAN
    else:
        kind = Opportunity.Kind.DRAFT_PLAN
    return (
        Opportunity.objects.filter(phase__process_id=version.plan.process_id, kind=kind)
        .order_by("-pk")
        .first()
    )


def version_changes(version: PlanVersion) -> tuple[list[SectionChange], VersionContent]:
    """What changed between the draft the final version replaced and the final text.

    Returns the changes (with their explanations and cited comments attached) and the draft's
    content. Five queries whatever the size.
    """
    if version.based_on is None:
        raise Http404
    old = version_content(version.based_on)
    new = version_content(version)
    changes = compare_versions(old.sections, old.paragraphs, new.sections, new.paragraphs)
    # Only comments still published are cited on the page (a comment hidden later disappears).
    explanations = ChangeExplanation.objects.filter(version=version).prefetch_related(
        Prefetch(
            "cited_comments",
            queryset=Contribution.objects.published().order_by("received_at", "pk"),
        )
    )
    by_pair = {(e.old_paragraph_id, e.new_paragraph_id): e for e in explanations}
    for section in changes:
        for change in section.changes:
            change.explanation = by_pair.get(
                (change.old.pk if change.old else None, change.new.pk if change.new else None)
            )
    return changes, old


def plan_history(plan: Plan) -> QuerySet[PlanEvent]:
    return plan.events.select_related("version", "actor").order_by("-at", "-pk")


def versions_for_staff(plan: Plan) -> QuerySet[PlanVersion]:
    return plan.versions.order_by("-number").prefetch_related(
        Prefetch("cabinet_reviews", queryset=CabinetReview.objects.order_by("-submitted_at"))
    )

"""What plans add to the others: cached plan pages dropped on change, paragraphs and versions as
commentable types, the draft and final plan participation pages, and the plan's process-page
section (read by `core.apps.wire_apps`)."""

from django.urls import reverse

from coplan.contributions.commentable import register_commentable
from coplan.core.pagecache import invalidate_on
from coplan.processes.models import Opportunity
from coplan.processes.participation import register_participation, register_process_section

from . import commenting
from .models import ChangeExplanation, Plan, PlanEvent, PlanParagraph, PlanSection, PlanVersion
from .sections import process_section_context

# Cached public plan pages drop when the plan, its versions or their history change
# (comment counts change with moderation decisions, which drop them too).
invalidate_on(Plan, PlanVersion, PlanSection, PlanEvent, ChangeExplanation)

register_commentable(
    PlanParagraph,
    process=commenting.paragraph_process,
    opportunity=commenting.paragraph_opportunity,
    accepts_comments=commenting.paragraph_takes_comments,
    visible=commenting.visible_paragraphs,
)
# Overall comments on the whole plan attach to the version.
register_commentable(
    PlanVersion,
    process=commenting.version_process,
    opportunity=commenting.version_opportunity,
    accepts_comments=commenting.version_takes_comments,
    visible=commenting.visible_versions,
)


def _plan_page(stage: str):
    return lambda opportunity: reverse(
        "plans:current", kwargs={"slug": opportunity.phase.process.slug, "stage": stage}
    )


register_participation(Opportunity.Kind.DRAFT_PLAN, _plan_page("draft"))
register_participation(Opportunity.Kind.FINAL_PLAN, _plan_page("final"))
register_process_section(
    order=40,
    template_name="plans/process_section.html",
    context=process_section_context,
)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "coplan.plans"
    label = "plans"
    verbose_name = _("Plans")

    def ready(self) -> None:
        from django.urls import reverse

        from coplan.contributions.commentable import register_commentable
        from coplan.core.pagecache import invalidate_on
        from coplan.processes.models import Opportunity
        from coplan.processes.participation import (
            register_participation,
            register_process_section,
        )

        from . import commenting
        from .models import (
            ChangeExplanation,
            Plan,
            PlanEvent,
            PlanParagraph,
            PlanSection,
            PlanVersion,
        )
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
        register_participation(
            Opportunity.Kind.DRAFT_PLAN,
            lambda opportunity: reverse(
                "plans:current", kwargs={"slug": opportunity.phase.process.slug, "stage": "draft"}
            ),
        )
        register_participation(
            Opportunity.Kind.FINAL_PLAN,
            lambda opportunity: reverse(
                "plans:current", kwargs={"slug": opportunity.phase.process.slug, "stage": "final"}
            ),
        )
        register_process_section(
            order=40,
            template_name="plans/process_section.html",
            context=process_section_context,
        )

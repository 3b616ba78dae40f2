"""Plans built through the services, as staff would build them."""

from __future__ import annotations

import datetime

from django.utils import timezone

from coplan.contributions.models import Contribution, Kind, ModerationState
from coplan.plans import services
from coplan.plans.models import CabinetReview, PlanSection, PlanVersion
from coplan.processes.models import Opportunity, Process
from tests.processes.factories import OpportunityFactory

INTRO_EN = "We will open government.\n\nWe listened to you."
INTRO_FR = "Nous ouvrirons le gouvernement.\n\nNous vous avons écoutés."


def plan_opportunities(process: Process, *, draft_open: bool = True, final_open: bool = False):
    """The draft-plan opportunity in Review and the final-plan one in Finalization."""
    draft = OpportunityFactory(
        phase=process.phases.get(kind="review"),
        kind=Opportunity.Kind.DRAFT_PLAN,
        slug="draft-plan",
        status="open" if draft_open else "closed",
    )
    final = OpportunityFactory(
        phase=process.phases.get(kind="finalization"),
        kind=Opportunity.Kind.FINAL_PLAN,
        slug="final-plan",
        status="open" if final_open else "announced",
    )
    return draft, final


def draft_version(process: Process, *, sections=None, actor=None) -> PlanVersion:
    """A plan with a first draft whose sections are (heading_en, heading_fr, body_en, body_fr)."""
    plan = services.plan_create(process=process, actor=actor)
    version = plan.versions.get()
    version.sections.all().delete()
    for heading_en, heading_fr, body_en, body_fr in sections or [
        ("Introduction", "Introduction", INTRO_EN, INTRO_FR),
        ("Open data", "Données ouvertes", "Publish more data.", "Publier plus de données."),
    ]:
        services.plan_section_add(
            version=version,
            kind=PlanSection.Kind.NARRATIVE,
            heading_en=heading_en,
            heading_fr=heading_fr,
            body_en=body_en,
            body_fr=body_fr,
        )
    return version


def published_review(process: Process, **kwargs) -> PlanVersion:
    version = draft_version(process, **kwargs)
    return services.plan_version_publish(
        version=version, status=PlanVersion.Status.REVIEW, actor=None
    )


def approve(version: PlanVersion) -> CabinetReview:
    review = services.cabinet_review_submit(version=version, actor=None)
    return services.cabinet_review_decide(
        review=review, status=CabinetReview.Status.APPROVED, actor=None
    )


def published_final(review: PlanVersion, *, edit=None) -> PlanVersion:
    """A new version from the review draft, edited by `edit(version)`, approved and final."""
    version = services.plan_version_create(plan=review.plan, actor=None)
    if edit is not None:
        edit(version)
    approve(version)
    return services.plan_version_publish(
        version=version, status=PlanVersion.Status.FINAL, actor=None
    )


def comment(
    target, *, opportunity, state=ModerationState.PUBLISHED, text="A comment."
) -> Contribution:
    from django.contrib.contenttypes.models import ContentType

    return Contribution.objects.create(
        process=opportunity.phase.process,
        opportunity=opportunity,
        kind=Kind.COMMENT,
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
        text=text,
        language="en",
        moderation_state=state,
        consent_to_publish=True,
        received_at=timezone.now() - datetime.timedelta(minutes=5),
    )

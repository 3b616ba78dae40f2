"""Publishing a version for review or as the final plan (plans.services.publishing)."""

import pytest
from django.core.exceptions import ValidationError

from coplan.plans import services
from coplan.plans.models import PlanParagraph, PlanVersion
from tests.plans.factories import approve, draft_version, published_review

pytestmark = pytest.mark.django_db


def test_publishing_freezes_paragraphs_in_both_languages(process):
    version = published_review(process)
    paragraphs = list(version.paragraphs.order_by("number"))
    assert [p.text_en for p in paragraphs] == [
        "We will open government.",
        "We listened to you.",
        "Publish more data.",
    ]
    assert paragraphs[0].text_fr == "Nous ouvrirons le gouvernement."
    assert version.status == PlanVersion.Status.REVIEW and version.published_at


def test_empty_draft_cannot_be_published(process):
    version = draft_version(process, sections=[("Empty", "Vide", "", "")])
    with pytest.raises(ValidationError, match="no text"):
        services.plan_version_publish(version=version, status=PlanVersion.Status.REVIEW, actor=None)
    assert not PlanParagraph.objects.exists()


def test_final_needs_cabinet_approval_of_this_exact_text(process):
    review = published_review(process)
    version = services.plan_version_create(plan=review.plan, actor=None)
    with pytest.raises(ValidationError, match="Cabinet has not approved"):
        services.plan_version_publish(version=version, status=PlanVersion.Status.FINAL, actor=None)
    approve(version)
    # An edit after the approval makes it stale.
    services.plan_section_add(
        version=version,
        kind="narrative",
        heading_en="Late",
        heading_fr="Tard",
        body_en="a",
        body_fr="a",
    )
    with pytest.raises(ValidationError, match="Cabinet has not approved"):
        services.plan_version_publish(version=version, status=PlanVersion.Status.FINAL, actor=None)
    approve(version)
    final = services.plan_version_publish(
        version=version, status=PlanVersion.Status.FINAL, actor=None
    )
    assert final.based_on == review
    review.refresh_from_db()
    assert review.status == PlanVersion.Status.SUPERSEDED


def test_final_needs_a_review_draft_first(process):
    version = draft_version(process)
    approve(version)
    with pytest.raises(ValidationError, match="for public review before"):
        services.plan_version_publish(version=version, status=PlanVersion.Status.FINAL, actor=None)

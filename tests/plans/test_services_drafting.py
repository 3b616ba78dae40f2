"""Writing a draft: versions, sections and their paragraphs (plans.services.drafting)."""

import pytest
from django.core.exceptions import ValidationError

from coplan.plans import services
from coplan.plans.models import PlanVersion
from tests.plans.factories import draft_version, published_review

pytestmark = pytest.mark.django_db


def test_published_version_cannot_be_edited(process):
    version = published_review(process)
    section = version.sections.first()
    with pytest.raises(ValidationError, match="cannot be changed"):
        services.plan_section_update(
            section=section,
            kind="narrative",
            heading_en="Changed",
            heading_fr="Changé",
            body_en="x",
            body_fr="x",
        )
    with pytest.raises(ValidationError):
        services.plan_section_delete(section=section)
    with pytest.raises(ValidationError):
        services.plan_version_update_title(version=version, title_en="a", title_fr="b")
    with pytest.raises(ValidationError):
        services.plan_version_publish(version=version, status=PlanVersion.Status.FINAL, actor=None)


def test_later_edits_make_a_new_version_and_leave_the_published_one(process):
    review = published_review(process)
    fingerprint = review.fingerprint
    new = services.plan_version_create(plan=review.plan, actor=None)
    assert new.number == 2 and new.status == PlanVersion.Status.DRAFT
    section = new.sections.get(key="open-data")
    services.plan_section_update(
        section=section,
        kind="narrative",
        heading_en="Open data",
        heading_fr="Données ouvertes",
        body_en="Publish all data.",
        body_fr="Publier toutes les données.",
    )
    review.refresh_from_db()
    assert review.fingerprint == fingerprint
    assert review.paragraphs.get(number=3).text_en == "Publish more data."
    with pytest.raises(ValidationError, match="already exists"):
        services.plan_version_create(plan=review.plan, actor=None)


def test_english_and_french_need_the_same_number_of_paragraphs(process):
    version = draft_version(process)
    with pytest.raises(ValidationError) as error:
        services.plan_section_add(
            version=version,
            kind="narrative",
            heading_en="One",
            heading_fr="Un",
            body_en="First.\n\nSecond.",
            body_fr="Premier.",
        )
    assert "same number of paragraphs" in str(error.value)
    assert version.sections.count() == 2


def test_empty_or_too_long_headings_are_refused(process):
    version = draft_version(process)
    with pytest.raises(ValidationError):
        services.plan_section_add(version=version, kind="narrative", heading_en=" ", heading_fr="x")
    with pytest.raises(ValidationError):
        services.plan_section_add(
            version=version, kind="narrative", heading_en="x" * 300, heading_fr="x"
        )


def test_sections_move_and_keep_unique_keys(process):
    version = draft_version(process)
    again = services.plan_section_add(
        version=version, kind="narrative", heading_en="Introduction", heading_fr="Intro"
    )
    assert again.key == "introduction-2"
    services.plan_section_move(section=again, offset=-1)
    keys = list(version.sections.order_by("position").values_list("key", flat=True))
    assert keys == ["introduction", "introduction-2", "open-data"]

"""Reads of the plan (plans.selectors): drafts never public, a version's frozen content in two
queries whatever its size, the opportunity its comments go to, and the staff's history."""

from __future__ import annotations

import pytest
from django.http import Http404

from coplan.plans import selectors
from coplan.plans.models import PlanVersion
from tests.plans.factories import (
    draft_version,
    plan_opportunities,
    published_final,
    published_review,
)

pytestmark = pytest.mark.django_db


def test_a_draft_is_found_for_staff_but_never_as_published(process):
    version = draft_version(process)
    assert selectors.any_version(process.slug, 1) == version
    with pytest.raises(Http404):
        selectors.published_version(process.slug, 1)
    with pytest.raises(Http404):
        selectors.plan_for_slug("no-such-process")
    assert selectors.current_version(process, PlanVersion.Status.REVIEW) is None


def test_published_versions_newest_first_and_the_current_one_by_status(process):
    review = published_review(process)
    assert selectors.published_version(process.slug, 1) == review
    assert selectors.current_version(process, PlanVersion.Status.REVIEW) == review
    final = published_final(review)
    assert list(selectors.published_versions(review.plan)) == [final, review]
    assert selectors.current_version(process, PlanVersion.Status.FINAL) == final
    assert [v.number for v in selectors.versions_for_staff(review.plan)] == [2, 1]


def test_a_versions_content_groups_its_paragraphs_by_section_in_two_queries(
    process, django_assert_num_queries
):
    version = published_review(process)
    with django_assert_num_queries(2):
        content = selectors.version_content(version)
    texts = [[p.text_en for p in section.paragraph_list] for section in content.sections]
    assert texts == [
        ["We will open government.", "We listened to you."],
        ["Publish more data."],
    ]
    assert selectors.paragraph_of_version(version, 3).text_en == "Publish more data."
    with pytest.raises(Http404):
        selectors.paragraph_of_version(version, 4)


def test_comments_go_to_the_draft_or_the_final_plans_opportunity(process):
    draft_opportunity, final_opportunity = plan_opportunities(process)
    review = published_review(process)
    assert selectors.opportunity_for(review) == draft_opportunity
    assert selectors.opportunity_for(published_final(review)) == final_opportunity


def test_changes_need_a_version_it_replaced(process):
    review = published_review(process)
    with pytest.raises(Http404):
        selectors.version_changes(review)
    final = published_final(review)
    changes, old = selectors.version_changes(final)
    assert [section.key for section in changes] == [section.key for section in old.sections]
    # The final plan took the draft as it was: every paragraph is unchanged, none explained.
    kinds = {change.kind for section in changes for change in section.changes}
    assert kinds == {"unchanged"}
    assert all(c.explanation is None for section in changes for c in section.changes)
    history = {event.kind for event in selectors.plan_history(review.plan)}
    assert {"published_review", "published_final", "superseded"} <= history

"""How the plan takes comments (plans.commenting): a version and its paragraphs are visible once
published, take comments only while under review or final, under the draft or final plan's
opportunity; earlier versions stay readable, closed."""

from __future__ import annotations

import pytest

from coplan.plans import commenting
from coplan.plans.models import PlanParagraph, PlanVersion
from tests.plans.factories import (
    draft_version,
    plan_opportunities,
    published_final,
    published_review,
)

pytestmark = pytest.mark.django_db


def test_drafts_are_invisible_and_take_no_comments(process):
    draft = draft_version(process)
    assert not commenting.version_takes_comments(draft)
    assert list(commenting.visible_versions(PlanVersion.objects.all())) == []
    assert list(commenting.visible_paragraphs(PlanParagraph.objects.all())) == []


def test_the_review_draft_then_the_final_text_take_comments_under_their_opportunity(process):
    draft_opportunity, final_opportunity = plan_opportunities(process)
    review = published_review(process)
    paragraph = review.paragraphs.get(number=1)
    assert commenting.version_process(review) == process
    assert commenting.paragraph_process(paragraph) == process
    assert commenting.version_takes_comments(review)
    assert commenting.paragraph_takes_comments(paragraph)
    assert commenting.version_opportunity(review) == draft_opportunity
    assert commenting.paragraph_opportunity(paragraph) == draft_opportunity
    final = published_final(review)
    review.refresh_from_db()
    paragraph = PlanParagraph.objects.get(pk=paragraph.pk)
    # The superseded draft stays readable with its threads, closed to new comments.
    assert not commenting.version_takes_comments(review)
    assert not commenting.paragraph_takes_comments(paragraph)
    assert set(commenting.visible_versions(PlanVersion.objects.all())) == {review, final}
    assert commenting.version_opportunity(final) == final_opportunity
    visible = commenting.visible_paragraphs(PlanParagraph.objects.filter(version=final))
    assert visible.count() == final.paragraphs.count() > 0

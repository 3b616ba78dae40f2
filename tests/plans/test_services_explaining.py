"""Explaining the changes between versions (plans.services.explaining)."""

import pytest
from django.core.exceptions import ValidationError

from coplan.plans import services
from tests.plans.factories import published_final, published_review

pytestmark = pytest.mark.django_db


def test_change_explanation_cites_only_published_comments_of_the_process(process):
    from coplan.contributions.models import ModerationState
    from tests.plans.factories import comment, plan_opportunities
    from tests.processes.factories import ProcessFactory

    draft_opportunity, _final = plan_opportunities(process)
    review = published_review(process)
    old = review.paragraphs.get(number=3)
    published = comment(old, opportunity=draft_opportunity)
    pending = comment(old, opportunity=draft_opportunity, state=ModerationState.PENDING)
    other = ProcessFactory()
    foreign_opportunity, _ = plan_opportunities(other)
    foreign = comment(published_review(other).paragraphs.first(), opportunity=foreign_opportunity)
    final = published_final(review)
    new = final.paragraphs.get(number=3)
    for bad in (pending.pk, foreign.pk, 999_999):
        with pytest.raises(ValidationError, match="Only published comments"):
            services.change_explain(
                version=final,
                old_paragraph=old,
                new_paragraph=new,
                explanation_en="x",
                explanation_fr="x",
                cited_comment_ids=[bad],
            )
    with pytest.raises(ValidationError):
        services.change_explain(
            version=final,
            old_paragraph=new,
            new_paragraph=None,
            explanation_en="x",
            explanation_fr="x",
            cited_comment_ids=[],
        )
    explanation = services.change_explain(
        version=final,
        old_paragraph=old,
        new_paragraph=new,
        explanation_en="Because",
        explanation_fr="Parce que",
        cited_comment_ids=[published.pk],
    )
    assert list(explanation.cited_comments.all()) == [published]

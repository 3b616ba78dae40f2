from __future__ import annotations

import pytest

from coplan.contributions import selectors
from coplan.contributions.models import (
    ModerationState,
)
from tests.contributions.factories import ContributionFactory, comment_on

pytestmark = pytest.mark.django_db


def test_published_comment_counts_in_one_query(open_ideas, django_assert_num_queries):
    ideas = ContributionFactory.create_batch(3, opportunity=open_ideas)
    comment = comment_on(ideas[0])
    comment_on(ideas[0], parent=comment)
    comment_on(ideas[0], state=ModerationState.PENDING)
    comment_on(ideas[1])
    with django_assert_num_queries(1):
        counts = selectors.published_comment_counts(ideas)
    assert counts == {ideas[0].pk: 2, ideas[1].pk: 1, ideas[2].pk: 0}
    assert selectors.published_comment_counts([]) == {}

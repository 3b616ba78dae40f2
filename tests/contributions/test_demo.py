"""The demo: bilingual published ideas and comments, pending items for the queue; idempotent."""

import pytest

from coplan.accounts import demo as accounts_demo
from coplan.contributions import demo as contributions_demo
from coplan.contributions.models import Contribution, Flag, Kind
from coplan.moderation import demo as moderation_demo
from coplan.moderation.models import Decision
from coplan.processes import demo as processes_demo


@pytest.mark.django_db
def test_demo_loads_once_and_is_idempotent():
    accounts_demo.load()
    processes_demo.load()
    for _ in range(2):
        contributions_demo.load()
        moderation_demo.load()
    published = Contribution.objects.published()
    ideas = published.filter(kind=Kind.IDEA)
    assert ideas.count() == len(contributions_demo.IDEAS)
    assert set(ideas.values_list("language", flat=True)) == {"en", "fr"}
    assert published.filter(kind=Kind.COMMENT).count() == len(contributions_demo.COMMENTS)
    assert published.filter(kind=Kind.REPLY).count() == sum(
        len(replies) for _i, _t, replies in contributions_demo.COMMENTS
    )
    pending = Contribution.objects.filter(moderation_state="pending")
    assert pending.count() == len(contributions_demo.PENDING_IDEAS) + len(
        contributions_demo.PENDING_COMMENTS
    )
    assert pending.exclude(redacted_text="").count() >= 2
    first = ideas.get(external_ref="demo:idea:0")
    assert first.support_count == 41 and first.comment_count == 4
    assert first.phase.kind == "development"
    assert Decision.objects.count() == published.count()
    assert Flag.objects.count() == 1

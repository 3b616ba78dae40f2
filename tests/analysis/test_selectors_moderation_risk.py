"""The rejection risk that the moderation model gives to contributions."""

from __future__ import annotations

from coplan.analysis import selectors, services
from coplan.contributions.models import ModerationState
from tests.analysis.conftest import corpus_rows, make_contributions


def test_rejection_risk(process):
    rows = corpus_rows()[:40]
    published = make_contributions(process, rows)
    spam = make_contributions(
        process,
        [
            {"text": f"BUY CHEAP PILLS NOW at cheap-pills number {i} click here!!!"}
            for i in range(12)
        ],
        start=100,
        moderation_state=ModerationState.REJECTED,
    )
    assert selectors.rejection_risk_for(published[:2]) == {}
    assert services.moderation_model_train() is not None
    risk = selectors.rejection_risk_for([published[0], spam[0]])
    assert set(risk) == {published[0].pk, spam[0].pk}
    assert risk[spam[0].pk] > 0.5 > risk[published[0].pk]
    assert selectors.rejection_risk_for([]) == {}

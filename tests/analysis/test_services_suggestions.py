"""Training the theme suggester from the analysts' codings."""

from __future__ import annotations

import pytest

from coplan.analysis import selectors, services
from coplan.analysis.models import (
    Coding,
    TrainedModel,
)


@pytest.mark.slow
def test_suggestions_train_measures_and_suggests(process, corpus):
    contributions, rows = corpus
    trained = services.suggestions_train(process=process)
    assert trained.metrics["macro_f1"] > 0.3
    assert selectors.current_quality(process).pk == trained.pk
    suggested = Coding.objects.filter(confirmed=False, source="machine")
    assert suggested.exists()
    assert set(suggested.values_list("contribution_id", flat=True)) <= {
        c.pk for c in contributions[90:]
    }
    assert all(0 < c <= 1 for c in suggested.values_list("confidence", flat=True))


def test_suggestions_need_enough_examples(process, themes):
    assert services.suggestions_train(process=process) is None
    assert not TrainedModel.objects.exists()

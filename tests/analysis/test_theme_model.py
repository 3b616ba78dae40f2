"""The theme classifier's decision rule, threshold tuning and evaluation helpers."""

from __future__ import annotations

import numpy as np

from coplan.analysis import theme_model


def test_every_text_gets_at_least_its_most_likely_theme():
    model = theme_model.ThemeClassifier(thresholds=np.array([0.5, 0.5, 0.9]))
    proba = np.array([[0.2, 0.3, 0.1], [0.6, 0.7, 0.95], [0.1, 0.4, 0.8]])
    assert model.decide(proba).tolist() == [[0, 1, 0], [1, 1, 1], [0, 0, 1]]


def test_each_theme_gets_the_threshold_that_separates_its_scores():
    # Theme 0's coded texts score 0.75 and up, theme 1's 0.35 and up: one threshold for both
    # would lose one of them.
    y = np.array([[1, 0], [1, 1], [0, 1], [0, 0], [1, 0], [0, 1], [0, 0], [0, 0]])
    proba = np.array(
        [
            [0.8, 0.1],
            [0.9, 0.4],
            [0.6, 0.35],
            [0.55, 0.2],
            [0.75, 0.1],
            [0.3, 0.45],
            [0.1, 0.3],
            [0.7, 0.25],
        ]
    )
    thresholds = theme_model._best_thresholds(y, proba)
    assert 0.7 < thresholds[0] <= 0.75
    assert 0.3 < thresholds[1] <= 0.35
    decided = (proba >= thresholds).astype(int)
    assert np.array_equal(decided, y)


def test_the_split_is_seeded_disjoint_and_covers_every_text():
    train, test = theme_model.split_indices(101, seed=7)
    again, _ = theme_model.split_indices(101, seed=7)
    other, _ = theme_model.split_indices(101, seed=8)
    assert np.array_equal(train, again) and not np.array_equal(train, other)
    assert len(test) == 20 and not set(train) & set(test)
    assert sorted([*train, *test]) == list(range(101))


def test_bootstrap_intervals_bracket_the_scores():
    rng = np.random.default_rng(3)
    truth = rng.integers(0, 2, (200, 4))
    predicted = np.where(rng.random((200, 4)) < 0.8, truth, 1 - truth)
    scores = theme_model.f1_scores(truth, predicted)
    intervals = theme_model.bootstrap_intervals(truth, predicted, rounds=200, seed=1)
    for name, (low, high) in intervals.items():
        assert low < scores[name] < high
        assert high - low < 0.2
    perfect = theme_model.bootstrap_intervals(truth, truth, rounds=20)
    assert perfect["macro_f1"] == (1.0, 1.0)

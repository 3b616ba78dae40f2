"""The machine side: classifier against the baseline, campaigns, topics, helpers."""

from __future__ import annotations

import numpy as np
import pytest

from coplan.analysis import learning, synthetic
from tests.analysis.conftest import corpus_rows


def _matrix(rows):
    labels = sorted({code for row in rows for code in row["themes"].split(";")})
    y = np.array([[int(code in row["themes"].split(";")) for code in labels] for row in rows])
    return labels, y


@pytest.mark.slow
def test_classifier_beats_baseline_on_the_corpus():
    """On the bilingual corpus, the chosen model reaches macro-F1 ≥ 0.75, well above the SVM."""
    rows = corpus_rows()
    labels, y = _matrix(rows)
    result = learning.evaluate([r["text"] for r in rows], y, labels, rounds=50)
    ours = result.results["coplan"]["scores"]["macro_f1"]
    baseline = result.results["baseline"]["scores"]["macro_f1"]
    assert ours >= 0.75
    assert ours > baseline + 0.1
    low, high = result.results["coplan"]["intervals"]["macro_f1"]
    assert low <= ours <= high


def test_decide_gives_every_text_at_least_one_theme():
    model = learning.ThemeClassifier(tune_thresholds=False)
    model.thresholds = np.array([0.9, 0.9])
    decided = model.decide(np.array([[0.2, 0.3], [0.95, 0.1]]))
    assert decided.tolist() == [[0, 1], [1, 0]]


def test_split_is_seeded():
    assert [a.tolist() for a in learning.split_indices(50, seed=3)] == [
        a.tolist() for a in learning.split_indices(50, seed=3)
    ]
    train, test = learning.split_indices(50, seed=3)
    assert len(test) == 10 and not set(train) & set(test)


def test_campaigns_found_with_high_pairwise_precision_and_recall():
    """Exact, lightly edited and reordered copies are grouped; sizes within 1%."""
    texts, truth = synthetic.campaigns(own_paragraph_every=4)
    found = learning.detect_campaigns(texts)
    precision, recall = learning.pairwise_precision_recall(truth, list(found.group))
    assert precision >= 0.95 and recall >= 0.95
    true_sizes = sorted(truth.count(g) for g in set(truth) if g)
    found_sizes = sorted(
        list(found.group).count(g)
        for g in set(found.group)
        if g >= 0 and list(found.group).count(g) > 2
    )
    assert len(found_sizes) == len(true_sizes)
    for a, b in zip(true_sizes, found_sizes, strict=True):
        assert abs(a - b) <= max(1, 0.01 * a) or a == b


def test_distinct_texts_are_not_grouped():
    rows = corpus_rows()[:200]
    found = learning.detect_campaigns([r["text"] for r in rows])
    assert (found.group >= 0).sum() == 0


def test_pairwise_precision_recall():
    assert learning.pairwise_precision_recall(["a", "a", "", "b", "b"], [0, 0, -1, 1, 1]) == (1, 1)
    precision, recall = learning.pairwise_precision_recall(["a", "a", "a", ""], [0, 0, -1, 0])
    assert recall == pytest.approx(1 / 3)
    assert precision == pytest.approx(1 / 3)


def test_added_paragraphs_are_the_senders_own():
    template = "We ask for a public registry of owners.\n\nIt would stop money laundering now."
    copy = template + "\n\nMy street has three empty houses owned by numbered companies."
    assert learning.added_paragraphs(copy, template) == (
        "My street has three empty houses owned by numbered companies."
    )
    assert learning.added_paragraphs(template, template) == ""


def test_topics_are_deterministic_and_bilingual():
    rows = corpus_rows()
    texts = [r["text"] for r in rows]
    languages = [r["language"] for r in rows]
    first = learning.discover_topics(texts, languages, topics=6, seed=1)
    second = learning.discover_topics(texts, languages, topics=6, seed=1)
    assert [(t.terms_en, t.terms_fr, t.members) for t in first] == [
        (t.terms_en, t.terms_fr, t.members) for t in second
    ]
    assert len(first) == 6
    assert sum(t.size for t in first) <= len(texts)
    assert any(t.terms_en for t in first) and any(t.terms_fr for t in first)
    assert all(len(t.examples) <= 3 for t in first)


def test_topics_of_nothing():
    assert learning.discover_topics([], []) == []
    assert learning.discover_topics(["the and", "le la"], ["en", "fr"]) == []


def test_normalise_folds_accents_and_links():
    assert learning.normalise("Élaborer  https://x.ca LE Plan") == "elaborer le plan"

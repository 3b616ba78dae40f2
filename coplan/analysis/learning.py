"""The machine side of analysis: theme classifier, evaluation, campaigns, topics, moderation risk.

Everything runs on the CPU with scikit-learn and numpy, offline: no model or data is downloaded,
and every result is deterministic for a given seed. The parts live in their own modules
(`text_features`, `theme_model`, `campaign_detection`); this module holds theme discovery and the
moderation model, and re-exports the rest so that `learning.X` keeps working for the other apps
and for models pickled before the split (pickle finds their classes here by name).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .campaign_detection import (
    CAMPAIGN_THRESHOLD,
    CampaignGroups,
    added_paragraphs,
    campaign_shingles,
    detect_campaigns,
    minhash_signatures,
    pairwise_precision_recall,
)
from .text_features import (
    DEFAULT_SEED,
    FRENCH_STOP_WORDS,
    TokenVectorFeatures,
    _token_vectors,
    features,
    mean_token_vectors,
    normalise,
    stop_words,
)
from .theme_model import (
    MIN_EXAMPLES_PER_THEME,
    NEIGHBOURS_WEIGHT,
    BaselineSVM,
    Evaluation,
    ThemeClassifier,
    WordsSVM,
    _Neighbours,
    evaluate,
    f1_scores,
    split_indices,
)

__all__ = [
    "CAMPAIGN_THRESHOLD",
    "DEFAULT_SEED",
    "FRENCH_STOP_WORDS",
    "MIN_EXAMPLES_PER_THEME",
    "NEIGHBOURS_WEIGHT",
    "BaselineSVM",
    "CampaignGroups",
    "Evaluation",
    "ThemeClassifier",
    "TokenVectorFeatures",
    "Topic",
    "WordsSVM",
    "_Neighbours",
    "_token_vectors",
    "added_paragraphs",
    "campaign_shingles",
    "detect_campaigns",
    "discover_topics",
    "evaluate",
    "f1_scores",
    "mean_token_vectors",
    "minhash_signatures",
    "normalise",
    "pairwise_precision_recall",
    "split_indices",
    "stop_words",
    "train_rejection_model",
]

# Topic terms: words of three letters or more, no digits.
TOPIC_PATTERN = r"(?u)\b[^\W\d_]{3,}\b"


# --- Theme discovery --------------------------------------------------------------------------


@dataclass
class Topic:
    position: int
    size: int
    terms_en: list[str]
    terms_fr: list[str]
    examples: list[int]  # indexes into the input, most typical first
    members: list[int]


def discover_topics(
    texts: Sequence[str],
    languages: Sequence[str],
    *,
    topics: int = 8,
    seed: int = DEFAULT_SEED,
    terms: int = 8,
    examples: int = 3,
    max_features: int = 20_000,
) -> list[Topic]:
    """Candidate themes by NMF on TF-IDF, deterministic for a seed; terms per language."""
    from sklearn.decomposition import NMF

    texts = list(texts)
    if len(texts) < 2:
        return []
    topics = max(1, min(topics, len(texts) // 2))
    vectorizer = _topic_vectorizer(len(texts), max_features)
    try:
        x = vectorizer.fit_transform(texts)
    except ValueError:  # nothing but stop words
        return []
    vocabulary = np.array(vectorizer.get_feature_names_out())
    model = NMF(n_components=topics, init="nndsvd", random_state=seed, max_iter=400)
    weights = model.fit_transform(x)
    assigned = weights.argmax(axis=1)
    has_weight = weights.max(axis=1) > 0
    languages = np.array(list(languages))
    result = []
    for k in range(topics):
        members = np.flatnonzero((assigned == k) & has_weight)
        if not len(members):
            continue
        per_language = {
            language: _top_terms(x[members[languages[members] == language]], vocabulary, terms)
            for language in ("en", "fr")
        }
        typical = members[np.argsort(-weights[members, k], kind="stable")][:examples]
        result.append(
            Topic(
                position=len(result),
                size=int(len(members)),
                terms_en=per_language["en"],
                terms_fr=per_language["fr"],
                examples=[int(i) for i in typical],
                members=[int(i) for i in members],
            )
        )
    result.sort(key=lambda t: (-t.size, t.position))
    for position, topic in enumerate(result):
        topic.position = position
    return result


def _topic_vectorizer(texts: int, max_features: int):
    """Words of three letters or more; past 20 texts, none seen once or in half the texts."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(
        preprocessor=normalise,
        stop_words=stop_words(),
        min_df=2 if texts >= 20 else 1,
        max_df=0.5 if texts >= 20 else 1.0,
        sublinear_tf=True,
        max_features=max_features,
        token_pattern=TOPIC_PATTERN,
    )


def _top_terms(x, vocabulary: np.ndarray, terms: int) -> list[str]:
    """The terms of most weight in these TF-IDF rows (none for no rows)."""
    if not x.shape[0]:
        return []
    scores = np.asarray(x.sum(axis=0)).ravel()
    top = np.argsort(-scores, kind="stable")[:terms]
    return [str(vocabulary[i]) for i in top if scores[i] > 0]


# --- Moderation assistance --------------------------------------------------------------------


def train_rejection_model(texts: Sequence[str], rejected: Sequence[bool]):
    """A calibrated-enough logistic regression on past decisions: probability of rejection."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    return Pipeline(
        [
            ("features", features()),
            ("model", LogisticRegression(C=4.0, class_weight="balanced", max_iter=2000)),
        ]
    ).fit(list(texts), np.asarray(rejected, dtype=int))

"""The theme classifier that suggests themes to analysts, its baselines and its evaluation.

The method was chosen by measurement (bench/README.md, issue 8 and analysis-public): TF-IDF over
words (1-2 grams) and character n-grams (2-5, within words, which tolerates typos, accents and
French/English morphology), plus the average of pretrained token vectors
(`text_features.mean_token_vectors`), feeding one-vs-rest linear SVMs whose scores are blended
with the vote of the nearest coded texts (`_Neighbours`); per-theme decision thresholds are tuned
by internal cross-validation on the training texts only, and every text gets at least its most
likely theme. The token vectors carry what a small labelled set cannot teach (that "rude" and
"dismissive" are close); the neighbours keep the rare phrasings of rare themes. Logistic
regression on the same features scores the same macro-F1 on the corpus but trains about eight
times slower, which matters at 100,000 contributions. The "confidence" shown with a suggestion
is the SVM margin squashed into 0-1, blended with the neighbours' vote (a score for ranking, not
a calibrated probability). The baseline it is compared with is TF-IDF words + one-vs-rest
linear SVM with default settings and no tuned thresholds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from .text_features import DEFAULT_SEED, features, token_vector_size

LARGE_TRAINING_SET = 1000
LARGE_MAX_FEATURES = 100_000
MIN_EXAMPLES_PER_THEME = 5


@dataclass
class ThemeClassifier:
    """Multi-label theme classifier: one-vs-rest linear models on words + chars (+ vectors)."""

    c: float = 10.0
    # Chosen on real public feedback (bench/README.md, analysis-public): C=0.3 beat 1.0 there
    # (macro-F1 0.529 against 0.508) and stays within the interval on the project's corpus.
    svm_c: float = 0.3
    method: str = "svm"
    seed: int = DEFAULT_SEED
    max_features: int | None = None
    tune_thresholds: bool = True
    # Pretrained token vectors next to the TF-IDF blocks (see mean_token_vectors).
    vectors: bool = True
    thresholds: np.ndarray | None = field(default=None, repr=False)

    def _new_features(self, examples: int):
        # Past a thousand examples, words seen once and the rarest n-grams only add noise and
        # time: keep the most frequent ones.
        if examples > LARGE_TRAINING_SET:
            return features(self.max_features or LARGE_MAX_FEATURES, min_df=2, vectors=self.vectors)
        return features(self.max_features, vectors=self.vectors)

    def _estimator(self):
        from sklearn.linear_model import LogisticRegression
        from sklearn.multiclass import OneVsRestClassifier
        from sklearn.svm import LinearSVC

        if self.method == "svm":
            return OneVsRestClassifier(LinearSVC(C=self.svm_c, class_weight="balanced"))
        return OneVsRestClassifier(
            LogisticRegression(C=self.c, class_weight="balanced", max_iter=2000, solver="liblinear")
        )

    def _scores(self, model, x) -> np.ndarray:
        """Per-theme scores in [0, 1]: probabilities, or squashed SVM margins."""
        if self.method == "svm":
            return 1.0 / (1.0 + np.exp(-2.0 * model.decision_function(x)))
        return model.predict_proba(x)

    def fit(self, texts: Sequence[str], y: np.ndarray) -> ThemeClassifier:
        from sklearn.model_selection import KFold

        y = np.asarray(y, dtype=int)
        self.features_ = self._new_features(len(texts))
        x = self.features_.fit_transform(list(texts))
        self.model_ = self._estimator().fit(x, y)
        self.neighbours_ = _Neighbours(self._words_and_chars(x), y)
        self.thresholds = np.full(y.shape[1], 0.5)
        if self.tune_thresholds and len(texts) >= 50:
            # Out-of-fold probabilities on the training set only pick each theme's threshold.
            folds = KFold(n_splits=4, shuffle=True, random_state=self.seed)
            oof = np.zeros(y.shape, dtype=float)
            for train, test in folds.split(x):
                ytrain = y[train]
                if (ytrain.sum(axis=0) == 0).any():
                    continue
                fold_features = self._new_features(len(train))
                xtrain = fold_features.fit_transform([texts[i] for i in train])
                fold_model = self._estimator().fit(xtrain, ytrain)
                xtest = fold_features.transform([texts[i] for i in test])
                oof[test] = self._blend(
                    self._scores(fold_model, xtest),
                    _Neighbours(self._words_and_chars(xtrain), ytrain),
                    self._words_and_chars(xtest),
                )
            self.thresholds = _best_thresholds(y, oof)
        return self

    def _words_and_chars(self, x) -> sparse.csr_matrix:
        """The TF-IDF columns of a feature matrix (the token-vector block comes first)."""
        if not self.vectors:
            return x.tocsr()
        return x.tocsr()[:, token_vector_size() :]

    def _blend(self, scores: np.ndarray, neighbours: _Neighbours | None, x) -> np.ndarray:
        if neighbours is None:
            return scores
        return (1 - NEIGHBOURS_WEIGHT) * scores + NEIGHBOURS_WEIGHT * neighbours.scores(x)

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        x = self.features_.transform(list(texts))
        # Models stored before the neighbours were added have none: their scores stay as were.
        neighbours = getattr(self, "neighbours_", None)
        return self._blend(self._scores(self.model_, x), neighbours, self._words_and_chars(x))

    def decide(self, proba: np.ndarray) -> np.ndarray:
        """Themes over their threshold, and at least the most likely one."""
        predicted = (proba >= self.thresholds).astype(int)
        best = proba.argmax(axis=1)
        predicted[np.arange(len(proba)), best] = 1
        return predicted

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        return self.decide(self.predict_proba(texts))


# Nearest coded neighbours: a theme's rare phrasings that a linear model averages away are
# still found in the few texts people coded with it. Their vote, weighted by cosine similarity
# cubed (the closest count most), is blended with the SVM's score; on real patient feedback
# 30 neighbours at a fifth of the score raised macro-F1 from 0.554 to 0.573 (bench/README.md,
# analysis-public).
NEIGHBOURS = 30
NEIGHBOURS_WEIGHT = 0.2
# Rows of similarities computed at once: bounds memory whatever the number of coded texts.
NEIGHBOURS_CHUNK = 500
# Coded texts kept for the vote (a seeded sample past that): bounds the stored model's size.
NEIGHBOURS_MAX_EXAMPLES = 20_000


class _Neighbours:
    """The coded texts' TF-IDF rows and themes; scores are the similarity-weighted share of the
    nearest ones that carry each theme."""

    def __init__(self, x: sparse.csr_matrix, y: np.ndarray, *, seed: int = DEFAULT_SEED) -> None:
        y = np.asarray(y, dtype=np.float32)
        if x.shape[0] > NEIGHBOURS_MAX_EXAMPLES:
            rng = np.random.default_rng(seed)
            keep = np.sort(rng.choice(x.shape[0], NEIGHBOURS_MAX_EXAMPLES, replace=False))
            x, y = x[keep], y[keep]
        self.x = x.astype(np.float32).tocsr()
        self.y = y

    def scores(self, x) -> np.ndarray:
        x = x.astype(np.float32).tocsr()
        result = np.zeros((x.shape[0], self.y.shape[1]))
        k = min(NEIGHBOURS, self.x.shape[0])
        if not k:
            return result
        for start in range(0, x.shape[0], NEIGHBOURS_CHUNK):
            similarity = (x[start : start + NEIGHBOURS_CHUNK] @ self.x.T).toarray()
            nearest = np.argpartition(-similarity, k - 1, axis=1)[:, :k]
            weights = np.maximum(np.take_along_axis(similarity, nearest, axis=1), 0) ** 3
            votes = np.einsum("nk,nkj->nj", weights, self.y[nearest])
            result[start : start + len(votes)] = votes / np.maximum(
                weights.sum(axis=1, keepdims=True), 1e-9
            )
        return result


def _best_thresholds(y: np.ndarray, proba: np.ndarray) -> np.ndarray:
    grid = np.linspace(0.1, 0.9, 33)
    best = np.full(y.shape[1], 0.5)
    for j in range(y.shape[1]):
        truth = y[:, j]
        scores = []
        for t in grid:
            pred = proba[:, j] >= t
            tp = np.sum(pred & (truth == 1))
            fp = np.sum(pred & (truth == 0))
            fn = np.sum(~pred & (truth == 1))
            scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
        best[j] = grid[int(np.argmax(scores))]
    return best


class BaselineSVM:
    """The reference point: TF-IDF word unigrams + one-vs-rest linear SVM, default settings."""

    def fit(self, texts: Sequence[str], y: np.ndarray) -> BaselineSVM:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.multiclass import OneVsRestClassifier
        from sklearn.svm import LinearSVC

        self.features_ = TfidfVectorizer()
        self.model_ = OneVsRestClassifier(LinearSVC()).fit(
            self.features_.fit_transform(list(texts)), np.asarray(y, dtype=int)
        )
        return self

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        return self.model_.predict(self.features_.transform(list(texts)))


class WordsSVM(BaselineSVM):
    """A candidate compared during selection: the same features as ours, linear SVM."""

    def fit(self, texts: Sequence[str], y: np.ndarray) -> WordsSVM:
        from sklearn.multiclass import OneVsRestClassifier
        from sklearn.svm import LinearSVC

        self.features_ = features()
        self.model_ = OneVsRestClassifier(LinearSVC(class_weight="balanced")).fit(
            self.features_.fit_transform(list(texts)), np.asarray(y, dtype=int)
        )
        return self


# --- Evaluation -------------------------------------------------------------------------------


def f1_scores(y_true: np.ndarray, y_pred: np.ndarray) -> dict[str, float]:
    from sklearn.metrics import f1_score

    return {
        f"{average}_f1": float(f1_score(y_true, y_pred, average=average, zero_division=0))
        for average in ("macro", "micro", "samples")
    }


def bootstrap_intervals(
    y_true: np.ndarray, y_pred: np.ndarray, *, rounds: int = 1000, seed: int = DEFAULT_SEED
) -> dict[str, tuple[float, float]]:
    """95% percentile intervals of each F1 over test sets resampled with replacement."""
    rng = np.random.default_rng(seed)
    n = len(y_true)
    samples: dict[str, list[float]] = {"macro_f1": [], "micro_f1": [], "samples_f1": []}
    for _ in range(rounds):
        index = rng.integers(0, n, n)
        for name, value in f1_scores(y_true[index], y_pred[index]).items():
            samples[name].append(value)
    return {
        name: (float(np.percentile(v, 2.5)), float(np.percentile(v, 97.5)))
        for name, v in samples.items()
    }


def split_indices(n: int, *, seed: int = DEFAULT_SEED, test_share: float = 0.2):
    rng = np.random.default_rng(seed)
    order = rng.permutation(n)
    cut = int(round(n * (1 - test_share)))
    return np.sort(order[:cut]), np.sort(order[cut:])


@dataclass
class Evaluation:
    labels: list[str]
    train_size: int
    test_size: int
    results: dict[str, dict]  # model name → {"scores": {...}, "intervals": {...}, "per_label": {}}


def evaluate(
    texts: Sequence[str],
    y: np.ndarray,
    labels: list[str],
    *,
    seed: int = DEFAULT_SEED,
    rounds: int = 1000,
    models: dict | None = None,
) -> Evaluation:
    """Train on a seeded 80%, score on the other 20%: ours and the baseline on the same split."""
    from sklearn.metrics import f1_score

    texts = list(texts)
    y = np.asarray(y, dtype=int)
    train, test = split_indices(len(texts), seed=seed)
    models = models or {"coplan": ThemeClassifier(seed=seed), "baseline": BaselineSVM()}
    results = {}
    for name, model in models.items():
        model.fit([texts[i] for i in train], y[train])
        predicted = np.asarray(model.predict([texts[i] for i in test]))
        per_label = f1_score(y[test], predicted, average=None, zero_division=0)
        results[name] = {
            "scores": f1_scores(y[test], predicted),
            "intervals": bootstrap_intervals(y[test], predicted, rounds=rounds, seed=seed),
            "per_label": dict(zip(labels, (float(v) for v in per_label), strict=True)),
        }
    return Evaluation(labels, len(train), len(test), results)

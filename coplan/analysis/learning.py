"""The machine side of analysis: theme classifier, evaluation, campaigns, topics, moderation risk.

Everything runs on the CPU with scikit-learn and numpy, offline: no model or data is downloaded,
and every result is deterministic for a given seed. The method of the theme classifier was chosen
by measurement on the bilingual corpus in coplan/analysis/data/ (see bench/README.md, issue 8):
TF-IDF over words (1-2 grams) and character n-grams (2-5, within words, which tolerates typos,
accents and French/English morphology), plus the average of pretrained token vectors (see
`mean_token_vectors`), feeding one-vs-rest linear SVMs whose scores are blended with the vote of
the nearest coded texts (`_Neighbours`); per-theme decision thresholds are tuned by internal
cross-validation, and every text gets at least its most likely theme. The token vectors carry
what a small labelled set cannot teach (that "rude" and "dismissive" are close); the neighbours
keep the rare phrasings of rare themes. Together they raised samples-F1 / macro-F1 on real
patient feedback from 0.726 / 0.548 to 0.740 / 0.559 (bench/README.md, analysis-public).
Logistic regression on the same features scores the same macro-F1 on the corpus but trains
about eight times slower, which matters at 100,000 contributions. The "confidence" shown with a
suggestion is the SVM margin squashed into 0-1, blended with the neighbours' vote (a score for
ranking, not a calibrated probability). The baseline it is compared with is TF-IDF words +
one-vs-rest linear SVM with default settings and no tuned thresholds.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy import sparse

DEFAULT_SEED = 20180101
LARGE_TRAINING_SET = 1000
LARGE_MAX_FEATURES = 100_000
MIN_EXAMPLES_PER_THEME = 5
_URL = re.compile(r"https?://\S+|www\.\S+")
_SPACES = re.compile(r"\s+")
WORD_PATTERN = r"(?u)\b\w\w+\b"
SHINGLE_PATTERN = r"(?u)\b\w+\b"
# Topic terms: words of three letters or more, no digits.
TOPIC_PATTERN = r"(?u)\b[^\W\d_]{3,}\b"

# Function words that carry no theme. English comes from scikit-learn; French is ours.
FRENCH_STOP_WORDS = frozenset(
    """
    a ai aie aient aies ait alors as au aucun aucune aupres auquel aura aurai auraient aurais
    aurait auras aurez auriez aurions aurons auront aussi autre autres aux auxquelles auxquels
    avaient avais avait avant avec avez aviez avions avoir avons ayant ayez ayons c ca ce ceci
    cela celle celles celui cependant ces cet cette ceux chaque chez ci comme comment d dans de
    des deja deux devrait devraient doit doivent donc dont du elle elles en encore entre es est
    et etaient etais etait etant ete etes etre eu eue eues eurent eus eut eux faire fait faut
    fois font ici il ils j je jusqu l la le les leur leurs lors lui m ma mais me meme memes mes
    moi mon n ne ni nos notre nous on ont ou par parce pas peu peut peuvent plus pour pourquoi
    pourrait qu quand que quel quelle quelles quels qui quoi s sa sans se sera seraient serait
    ses si sien soit sommes son sont sous soyez suis sur t ta tant te tes toi ton tous tout
    toute toutes tres tu un une vers voici voila vos votre vous y bien aussi egalement svp
    merci bonjour etc afin ainsi car selon lorsque celles-ci depuis cest quil jai
    """.split()
)


def normalise(text: str) -> str:
    """Fold case and accents, drop addresses, squeeze spaces: what the models see."""
    text = _URL.sub(" ", text or "")
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return _SPACES.sub(" ", text).strip()


def stop_words() -> list[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return sorted(set(ENGLISH_STOP_WORDS) | FRENCH_STOP_WORDS)


# --- Pretrained token vectors -------------------------------------------------------------------

# The `wordllama` wheel (MIT licence, from the package registry) ships 256-dimension vectors for
# the 32,000 tokens of its tokenizer, distilled from a large language model's token embeddings.
# Only its two data files are read, from the installed package: nothing is downloaded, ever.
VECTORS_FILE = "weights/l2_supercat_256.safetensors"
VECTORS_VOCABULARY_FILE = "tokenizers/l2_supercat_tokenizer_config.json"
# Weight of the token-vector block against the two TF-IDF blocks (each of norm 1). On real
# patient feedback 1.0 and 0.5 are within noise (0.745 / 0.573 and 0.740 / 0.559 samples- /
# macro-F1 with the neighbours); on the project's bilingual corpus 1.0 lost two points of
# macro-F1 (0.749 against 0.773 at 0.5 and 0.759 without vectors): 0.5 holds on both.
TOKEN_VECTORS_WEIGHT = 0.5


@functools.lru_cache(maxsize=1)
def _token_vectors():
    """(tokenizer, vectors as float32), loaded once per process from the installed package."""
    import wordllama
    from safetensors import safe_open
    from tokenizers import Tokenizer

    package = Path(wordllama.__file__).parent
    tokenizer = Tokenizer.from_file(str(package / VECTORS_VOCABULARY_FILE))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    with safe_open(str(package / VECTORS_FILE), framework="np") as weights:
        vectors = weights.get_tensor("embedding.weight").astype(np.float32)
    return tokenizer, vectors


def mean_token_vectors(texts: Sequence[str]) -> np.ndarray:
    """One unit-length vector per text: the mean of its tokens' pretrained vectors (zero for a
    text without tokens). Computed as a sparse token-count matrix times the vector table, so
    100,000 texts take seconds and no padded batch is ever built."""
    tokenizer, vectors = _token_vectors()
    encoded = tokenizer.encode_batch([normalise(t) for t in texts], add_special_tokens=False)
    lengths = np.array([len(e.ids) for e in encoded], dtype=np.int64)
    if not lengths.sum():
        return np.zeros((len(encoded), vectors.shape[1]), dtype=np.float32)
    ids = np.concatenate([e.ids for e in encoded if e.ids]).astype(np.int64)
    ids = np.clip(ids, 0, vectors.shape[0] - 1)
    rows = np.repeat(np.arange(len(encoded)), lengths)
    counts = sparse.csr_matrix(
        (np.ones(len(ids), dtype=np.float32), (rows, ids)),
        shape=(len(encoded), vectors.shape[0]),
    )
    means = np.asarray(counts @ vectors, dtype=np.float32) / np.maximum(lengths, 1)[:, None]
    norms = np.linalg.norm(means, axis=1, keepdims=True)
    return means / np.maximum(norms, 1e-9)


class TokenVectorFeatures:
    """A scikit-learn transformer: mean token vectors, standardised on the training texts and
    scaled so that a row weighs about `weight` next to the TF-IDF blocks. Pickles without the
    vector table (it is read from the installed package when needed)."""

    def __init__(self, weight: float = TOKEN_VECTORS_WEIGHT) -> None:
        self.weight = weight

    def get_params(self, deep: bool = True) -> dict:
        return {"weight": self.weight}

    def set_params(self, **params) -> TokenVectorFeatures:
        for key, value in params.items():
            setattr(self, key, value)
        return self

    def fit(self, texts: Sequence[str], y=None) -> TokenVectorFeatures:
        means = mean_token_vectors(list(texts))
        self.mean_ = means.mean(axis=0)
        self.scale_ = (means.std(axis=0) + 1e-6) * np.sqrt(means.shape[1]) / self.weight
        return self

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        return sparse.csr_matrix((mean_token_vectors(list(texts)) - self.mean_) / self.scale_)

    def fit_transform(self, texts: Sequence[str], y=None) -> sparse.csr_matrix:
        return self.fit(texts).transform(texts)


def _features(max_features: int | None = None, min_df: int = 1, *, vectors: bool = False):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion

    blocks = [("vectors", TokenVectorFeatures())] if vectors else []
    return FeatureUnion(
        blocks
        + [
            (
                "words",
                TfidfVectorizer(
                    preprocessor=normalise,
                    ngram_range=(1, 2),
                    min_df=min_df,
                    sublinear_tf=True,
                    stop_words=stop_words(),
                    max_features=max_features,
                    token_pattern=WORD_PATTERN,
                ),
            ),
            (
                "chars",
                TfidfVectorizer(
                    preprocessor=normalise,
                    analyzer="char_wb",
                    ngram_range=(2, 5),
                    min_df=max(2, min_df),
                    sublinear_tf=True,
                    max_features=max_features,
                ),
            ),
        ]
    )


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
            return _features(
                self.max_features or LARGE_MAX_FEATURES, min_df=2, vectors=self.vectors
            )
        return _features(self.max_features, vectors=self.vectors)

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
        return x.tocsr()[:, _token_vectors()[1].shape[1] :]

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

        self.features_ = _features()
        self.model_ = OneVsRestClassifier(LinearSVC(class_weight="balanced")).fit(
            self.features_.fit_transform(list(texts)), np.asarray(y, dtype=int)
        )
        return self


# --- Evaluation -------------------------------------------------------------------------------


def f1_scores(y_true: np.ndarray, y_pred: np.ndarray) -> dict[str, float]:
    from sklearn.metrics import f1_score

    return {
        "macro_f1": float(f1_score(y_true, y_pred, average="macro", zero_division=0)),
        "micro_f1": float(f1_score(y_true, y_pred, average="micro", zero_division=0)),
        "samples_f1": float(f1_score(y_true, y_pred, average="samples", zero_division=0)),
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


# --- Campaigns --------------------------------------------------------------------------------

SHINGLE_WORDS = 3
MINHASH_PERMUTATIONS = 128
# Many bands of few rows: a copy with a long paragraph of its sender's own shares few of its
# shingles with the letter, and must still meet the other copies in some band.
LSH_BANDS = 64
# Share of the smaller text's shingles found in the other: a form letter's copy keeps most of the
# letter whatever its sender inserts, appends or reorders.
CAMPAIGN_THRESHOLD = 0.6
# A form letter has a few sentences: shorter texts that say the same thing in other words, or
# even in the same words ("Very good service, thank you"), are people, not a campaign.
MIN_CAMPAIGN_WORDS = 15
MIN_CAMPAIGN_SHINGLES = 10
# Quoted passages ("…", “…”, « … », lines starting with ">") are someone else's words.
_QUOTED = re.compile(r"“[^”]{12,}”|«[^»]{12,}»|\"[^\"\n]{12,}\"|^[ \t]*>.*$", re.MULTILINE)
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+|\n+")
_WORDS = re.compile(r"\w+")


def campaign_shingles(text: str) -> list[str]:
    """Word 3-grams within each sentence of the text's own words (quotes left out): a copy
    whose sentences are reordered keeps every shingle of the letter."""
    own = _QUOTED.sub(" ", text or "")
    shingles: list[str] = []
    for sentence in _SENTENCE_END.split(normalise_keep_lines(own)):
        words = _WORDS.findall(sentence)
        if len(words) < SHINGLE_WORDS:
            if len(words) == 2:
                shingles.append(" ".join(words))
            continue
        shingles.extend(
            " ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)
        )
    return shingles


def normalise_keep_lines(text: str) -> str:
    """normalise() that keeps line breaks (they end sentences and paragraphs)."""
    return "\n".join(normalise(line) for line in (text or "").split("\n"))


def _shingles(texts: Sequence[str], published: Sequence[str] = ()) -> sparse.csr_matrix:
    """Binary rows of each text's own shingles; those of the project's published texts (a
    draft plan, commitments) are removed, so quoting them is not shared wording."""
    from sklearn.feature_extraction.text import HashingVectorizer

    vectorizer = HashingVectorizer(
        analyzer=campaign_shingles,
        n_features=2**26,
        alternate_sign=False,
        norm=None,
        binary=True,
        dtype=np.float32,
    )
    matrix = vectorizer.transform(list(texts)).tocsr()
    if published:
        quoted = np.unique(vectorizer.transform(list(published)).indices)
        keep = np.ones(matrix.shape[1], dtype=np.float32)
        keep[quoted] = 0
        matrix = (matrix @ sparse.diags(keep)).tocsr()
        matrix.eliminate_zeros()
    matrix.sort_indices()
    return matrix


def minhash_signatures(matrix: sparse.csr_matrix, *, seed: int = DEFAULT_SEED) -> np.ndarray:
    """MinHash signatures (rows × permutations) of binary shingle rows, computed in chunks."""
    rng = np.random.default_rng(seed)
    # Multiply-shift hashing: (a*x + b) wrapping at 64 bits, keep the high 32 bits. An odd
    # random multiplier makes each of these a good pseudo-random permutation of shingle ids.
    a = rng.integers(1, 2**63, MINHASH_PERMUTATIONS, dtype=np.uint64) | np.uint64(1)
    b = rng.integers(0, 2**63, MINHASH_PERMUTATIONS, dtype=np.uint64)
    n = matrix.shape[0]
    signatures = np.full((n, MINHASH_PERMUTATIONS), np.iinfo(np.uint64).max, dtype=np.uint64)
    chunk = 2000
    for start in range(0, n, chunk):
        part = matrix[start : start + chunk]
        if part.nnz == 0:
            continue
        ids = part.indices.astype(np.uint64)
        with np.errstate(over="ignore"):
            hashed = (ids[:, None] * a[None, :] + b[None, :]) >> np.uint64(32)
        lengths = np.diff(part.indptr)
        nonempty = np.flatnonzero(lengths)
        mins = np.minimum.reduceat(hashed, part.indptr[nonempty], axis=0)
        signatures[start + nonempty] = mins
    return signatures


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = np.arange(n)

    def find(self, i: int) -> int:
        parent = self.parent
        root = i
        while parent[root] != root:
            root = parent[root]
        while parent[i] != root:
            parent[i], i = root, parent[i]
        return int(root)

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)


def _jaccard(matrix: sparse.csr_matrix, i: int, j: int) -> float:
    a = matrix.indices[matrix.indptr[i] : matrix.indptr[i + 1]]
    b = matrix.indices[matrix.indptr[j] : matrix.indptr[j + 1]]
    if not len(a) or not len(b):
        return 0.0
    common = len(np.intersect1d(a, b, assume_unique=True))
    return common / (len(a) + len(b) - common)


def _containment(matrix: sparse.csr_matrix, i: int, j: int) -> float:
    """Share of the smaller text's shingles that the other holds, the smaller counted as at
    least half the larger: a copy keeps the letter whatever its sender adds, but one person's
    short comment pasted into a long letter does not make them a member of its campaign."""
    a = matrix.indices[matrix.indptr[i] : matrix.indptr[i + 1]]
    b = matrix.indices[matrix.indptr[j] : matrix.indptr[j + 1]]
    if min(len(a), len(b)) < MIN_CAMPAIGN_SHINGLES:
        return 0.0
    common = len(np.intersect1d(a, b, assume_unique=True))
    return common / max(min(len(a), len(b)), max(len(a), len(b)) / 2)


@dataclass
class CampaignGroups:
    group: np.ndarray  # group number per text, -1 when it has no near-duplicate
    similarity: np.ndarray  # containment with its group's representative (see detect_campaigns)
    representative: dict[int, int]  # group → index of its representative text


def detect_campaigns(
    texts: Sequence[str],
    *,
    threshold: float = CAMPAIGN_THRESHOLD,
    seed: int = DEFAULT_SEED,
    published: Sequence[str] = (),
) -> CampaignGroups:
    """Group the copies of form letters: exact copies, light edits, reordered sentences, a
    sentence inserted, a paragraph of the sender's own before or after.

    Texts are sets of word 3-gram shingles taken within sentences, without quoted passages and
    without the shingles of `published` (the project's own texts, which people quote before
    giving their own, different opinion). MinHash + banded LSH proposes candidates; each is
    verified by containment (the share of the smaller text's shingles found in the other, with
    at least MIN_CAMPAIGN_SHINGLES of them, so short comments saying the same thing are never
    grouped) with the bucket's first member, and verified pairs are joined (union-find). Big
    buckets cost one comparison per member, never one per pair, so a campaign of 50,000 copies
    stays linear.
    """
    texts = list(texts)
    n = len(texts)
    matrix = _shingles(texts, published)
    union = _UnionFind(n)
    # Exact copies first (after normalisation): cheap and catches texts too short to shingle.
    first_seen: dict[str, int] = {}
    for i, text in enumerate(texts):
        key = normalise(text)
        if len(key.split()) < MIN_CAMPAIGN_WORDS:
            continue
        if key in first_seen:
            union.union(first_seen[key], i)
        else:
            first_seen[key] = i
    signatures = minhash_signatures(matrix, seed=seed)
    rows = MINHASH_PERMUTATIONS // LSH_BANDS
    lengths = np.diff(matrix.indptr)
    eligible = np.flatnonzero(lengths >= MIN_CAMPAIGN_SHINGLES)
    checked: set[tuple[int, int]] = set()
    mixers = np.random.default_rng(seed + 1).integers(1, 2**63, rows, dtype=np.uint64) | np.uint64(
        1
    )
    for band in range(LSH_BANDS):
        part = signatures[eligible, band * rows : (band + 1) * rows]
        # One 64-bit key per band: a random linear combination (wrapping) of its rows.
        with np.errstate(over="ignore"):
            keys = (part * mixers[None, :]).sum(axis=1, dtype=np.uint64)
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        boundaries = np.flatnonzero(sorted_keys[1:] != sorted_keys[:-1]) + 1
        for bucket in np.split(order, boundaries):
            if len(bucket) < 2:
                continue
            members = eligible[bucket]
            head = int(members[0])
            for other in members[1:]:
                other = int(other)
                if union.find(head) == union.find(other):
                    continue
                pair = (head, other)
                if pair in checked:
                    continue
                checked.add(pair)
                if _containment(matrix, head, other) >= threshold:
                    union.union(head, other)
    roots = np.array([union.find(i) for i in range(n)])
    counts = np.bincount(roots, minlength=n)
    group = np.full(n, -1)
    representative: dict[int, int] = {}
    similarity = np.zeros(n)
    number_of: dict[int, int] = {}
    for i in range(n):
        root = int(roots[i])
        if counts[root] < 2:
            continue
        if root not in number_of:
            number_of[root] = len(number_of)
            representative[number_of[root]] = root
        group[i] = number_of[root]
        similarity[i] = 1.0 if i == root else _containment(matrix, root, i)
    return CampaignGroups(group=group, similarity=similarity, representative=representative)


def pairwise_precision_recall(true_groups: Sequence, found: Sequence[int]) -> tuple[float, float]:
    """Pairwise precision and recall of found groups against true ones ('' or -1: no group)."""

    def pairs(labels: Sequence) -> int:
        from collections import Counter

        sizes = Counter(label for label in labels if label not in ("", -1, None))
        return sum(s * (s - 1) // 2 for s in sizes.values())

    truth = [str(t) if t not in ("", None, -1) else "" for t in true_groups]
    found_labels = [str(f) if f != -1 else "" for f in found]
    both = [f"{t}|{f}" if t and f else "" for t, f in zip(truth, found_labels, strict=True)]
    true_pairs, found_pairs, common = pairs(truth), pairs(found_labels), pairs(both)
    precision = common / found_pairs if found_pairs else 1.0
    recall = common / true_pairs if true_pairs else 1.0
    return precision, recall


def added_paragraphs(text: str, template: str) -> str:
    """The paragraphs of a campaign copy that are not in the form letter: the sender's own."""
    template_shingles = set(_word_shingles(template))
    own = []
    for paragraph in re.split(r"\n\s*\n|\n", text):
        paragraph = paragraph.strip()
        shingles = _word_shingles(paragraph)
        if not shingles:
            if paragraph and normalise(paragraph) not in normalise(template):
                own.append(paragraph)
            continue
        shared = sum(1 for s in shingles if s in template_shingles) / len(shingles)
        if shared < 0.5:
            own.append(paragraph)
    return "\n\n".join(own)


def _word_shingles(text: str) -> list[tuple[str, ...]]:
    words = re.findall(r"\w+", normalise(text))
    return [tuple(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)]


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
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = list(texts)
    if len(texts) < 2:
        return []
    topics = max(1, min(topics, len(texts) // 2))
    vectorizer = TfidfVectorizer(
        preprocessor=normalise,
        stop_words=stop_words(),
        min_df=2 if len(texts) >= 20 else 1,
        max_df=0.5 if len(texts) >= 20 else 1.0,
        sublinear_tf=True,
        max_features=max_features,
        token_pattern=TOPIC_PATTERN,
    )
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
        per_language = {}
        for language in ("en", "fr"):
            chosen = members[languages[members] == language]
            if len(chosen):
                scores = np.asarray(x[chosen].sum(axis=0)).ravel()
                top = np.argsort(-scores, kind="stable")[:terms]
                per_language[language] = [str(vocabulary[i]) for i in top if scores[i] > 0]
            else:
                per_language[language] = []
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


# --- Moderation assistance --------------------------------------------------------------------


def train_rejection_model(texts: Sequence[str], rejected: Sequence[bool]):
    """A calibrated-enough logistic regression on past decisions: probability of rejection."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    return Pipeline(
        [
            ("features", _features()),
            ("model", LogisticRegression(C=4.0, class_weight="balanced", max_iter=2000)),
        ]
    ).fit(list(texts), np.asarray(rejected, dtype=int))

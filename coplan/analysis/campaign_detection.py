"""Campaign detection: the copies of form letters among contributions, found by MinHash + LSH
on word shingles and verified by containment; offline and deterministic for a seed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from .text_features import DEFAULT_SEED, normalise

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
# Two texts are copies of one letter only if the wording they share is at least this many
# shingles (about two sentences). On real feedback, pairs sharing fewer were the same short
# remark written twice; at 100,000 texts, two comments that happen to share one short paragraph.
MIN_CAMPAIGN_SHINGLES = 20
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


def _containment(matrix: sparse.csr_matrix, i: int, j: int) -> float:
    """Share of the smaller text's shingles that the other holds, the smaller counted as at
    least half the larger: a copy keeps the letter whatever its sender adds, but one person's
    short comment pasted into a long letter does not make them a member of its campaign. Less
    than MIN_CAMPAIGN_SHINGLES in common is no copy at all."""
    a = matrix.indices[matrix.indptr[i] : matrix.indptr[i + 1]]
    b = matrix.indices[matrix.indptr[j] : matrix.indptr[j + 1]]
    if min(len(a), len(b)) < MIN_CAMPAIGN_SHINGLES:
        return 0.0
    common = len(np.intersect1d(a, b, assume_unique=True))
    if common < MIN_CAMPAIGN_SHINGLES:
        return 0.0
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
    at least MIN_CAMPAIGN_SHINGLES of them in common, so short comments saying the same thing are
    never grouped) with the bucket's first member, and verified pairs are joined (union-find).
    Each group of three or more then keeps only the members holding `threshold` of its letter
    (see _letter_holders). Big buckets cost one comparison per member, never one per pair, so a
    campaign of 50,000 copies stays linear.
    """
    texts = list(texts)
    matrix = _shingles(texts, published)
    union = _UnionFind(len(texts))
    _join_exact_copies(texts, union)
    _join_lsh_candidates(matrix, union, threshold=threshold, seed=seed)
    roots = np.array([union.find(i) for i in range(len(texts))])
    return _groups(matrix, _letter_holders(matrix, roots, threshold=threshold))


def _join_exact_copies(texts: list[str], union: _UnionFind) -> None:
    """Exact copies (after normalisation): cheap, and catches texts too short to shingle."""
    first_seen: dict[str, int] = {}
    for i, text in enumerate(texts):
        key = normalise(text)
        if len(key.split()) < MIN_CAMPAIGN_WORDS:
            continue
        if key in first_seen:
            union.union(first_seen[key], i)
        else:
            first_seen[key] = i


def _join_lsh_candidates(
    matrix: sparse.csr_matrix, union: _UnionFind, *, threshold: float, seed: int
) -> None:
    """Join the texts that share a band's key with their bucket's first member and hold enough
    of its shingles (or it of theirs)."""
    signatures = minhash_signatures(matrix, seed=seed)
    rows = MINHASH_PERMUTATIONS // LSH_BANDS
    eligible = np.flatnonzero(np.diff(matrix.indptr) >= MIN_CAMPAIGN_SHINGLES)
    checked: set[tuple[int, int]] = set()
    mixers = np.random.default_rng(seed + 1).integers(1, 2**63, rows, dtype=np.uint64)
    mixers |= np.uint64(1)
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
                if union.find(head) == union.find(other) or (head, other) in checked:
                    continue
                checked.add((head, other))
                if _containment(matrix, head, other) >= threshold:
                    union.union(head, other)


def _letter_holders(
    matrix: sparse.csr_matrix, roots: np.ndarray, *, threshold: float
) -> np.ndarray:
    """Roots again, without the members that do not hold most of their group's letter.

    Joining pairs is transitive, and a pair is judged on the smaller text: a text holding one
    paragraph of a letter (a quote of it, with a line of its own) is close to the letter but is
    not a copy. The letter is the wording more than half of the group's members share; each
    member must hold `threshold` of it, or it leaves the group. Pairs have no majority to tell.
    """
    roots = roots.copy()
    order = np.argsort(roots, kind="stable")
    boundaries = np.flatnonzero(np.diff(roots[order])) + 1
    for members in np.split(order, boundaries):
        if len(members) < 3:
            continue
        part = matrix[members]
        shingles, counts = np.unique(part.indices, return_counts=True)
        letter = shingles[2 * counts > len(members)]
        if not len(letter):
            continue  # copies with no shingles of their own words: joined as exact copies
        rows = np.repeat(np.arange(len(members)), np.diff(part.indptr))
        held = np.bincount(rows, weights=np.isin(part.indices, letter), minlength=len(members))
        keep = held >= threshold * len(letter)
        roots[members[~keep]] = members[~keep]
        if keep.any():
            roots[members[keep]] = members[keep].min()
    return roots


def _groups(matrix: sparse.csr_matrix, roots: np.ndarray) -> CampaignGroups:
    """Number the joined sets of two texts or more, each represented by its first text."""
    n = matrix.shape[0]
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

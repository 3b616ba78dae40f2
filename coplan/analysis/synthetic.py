"""Synthetic campaigns injected into real-looking text, to measure campaign detection.

Form letters are built from corpus paragraphs; each copy is exact, lightly edited (about one
word in fifteen replaced) or has its paragraphs reordered; some senders add their own paragraph.
Used by the tests and by bench/analysis_workspace.py.
"""

from __future__ import annotations

import csv
import random

from .codebook import corpus_path

OWN_PARAGRAPHS = 40
FILLER = ["really", "truly", "please", "vraiment", "also", "indeed", "svp", "now"]


def corpus_rows() -> list[dict]:
    with open(corpus_path(), encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def edit(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    for _ in range(max(1, len(words) // 15)):
        i = rng.randrange(len(words))
        words[i] = rng.choice(FILLER)
    return " ".join(words)


def reorder(text: str) -> str:
    paragraphs = text.split("\n\n")
    return "\n\n".join(paragraphs[1:] + paragraphs[:1])


def campaigns(
    *,
    letters: int = 10,
    base: int = 5,
    step: int = 3,
    seed: int = 7,
    singles: list[str] | None = None,
    own_paragraph_every: int = 0,
) -> tuple[list[str], list[str]]:
    """Texts and their true group ('' for none), shuffled with the seed."""
    rng = random.Random(seed)  # noqa: S311 - test data
    rows = corpus_rows()
    sources = rows[: letters * 6]
    form_letters = [
        "\n\n".join(r["text"] for r in sources[i : i + 3]) for i in range(0, letters * 6, 6)
    ]
    # Senders' own paragraphs are texts that are not also in the set on their own (a person
    # does not send their paragraph twice, once inside a form letter and once alone).
    own_paragraphs = [r["text"] for r in rows[-OWN_PARAGRAPHS:]]
    if singles is None:
        singles = [r["text"] for r in rows[letters * 6 : -OWN_PARAGRAPHS]]
    texts = list(singles)
    truth = [""] * len(singles)
    for number, letter in enumerate(form_letters):
        for copy in range(base + number * step):
            variant = (letter, edit(letter, rng), reorder(letter))[copy % 3]
            if own_paragraph_every and copy % own_paragraph_every == 1:
                variant += "\n\n" + rng.choice(own_paragraphs)
            texts.append(variant)
            truth.append(f"g{number}")
    order = list(range(len(texts)))
    rng.shuffle(order)
    return [texts[i] for i in order], [truth[i] for i in order]

"""Issue 4: a version diff of two 5,000-word texts renders in well under a second.

Measures coplan.commitments.diff (word_diff + render_diff) on realistic text pairs, against a
baseline measured in the same run: Python's difflib.SequenceMatcher on the same word tokens
(the obvious implementation). Writes its section of bench/README.md.
Run: .venv/bin/python bench/commitments_diff.py
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coplan.settings.test")

import django  # noqa: E402

django.setup()

from bench.common import update_readme  # noqa: E402
from coplan.commitments.diff import _TOKEN, render_diff, word_diff  # noqa: E402

WORDS = 5_000
REPEATS = 5


def vocabulary(size: int, rng: random.Random) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyzéèàç"
    common = "the of and to in a for is on that with as by open government data".split()
    rare = ["".join(rng.choice(letters) for _ in range(rng.randint(3, 10))) for _ in range(size)]
    return common * 20 + rare


def text(rng: random.Random, vocab: list[str]) -> list[str]:
    words = [rng.choice(vocab) for _ in range(WORDS)]
    return words


def join(words: list[str]) -> str:
    out = []
    for index, word in enumerate(words):
        out.append(word + ("\n\n" if index % 120 == 119 else " "))
    return "".join(out)


def pairs() -> dict[str, tuple[str, str]]:
    rng = random.Random(4)
    vocab = vocabulary(3_000, rng)
    base = text(rng, vocab)
    sparse = list(base)
    for index in range(0, WORDS, 50):  # 2 % of words changed, spread everywhere
        sparse[index] = rng.choice(vocab)
    heavy = list(base)
    for index in range(0, WORDS, 4):  # a quarter of the words rewritten
        heavy[index] = rng.choice(vocab)
    return {
        "sparse edits (2 % of words)": (join(base), join(sparse)),
        "heavy rewrite (25 % of words)": (join(base), join(heavy)),
        "unrelated texts": (join(base), join(text(rng, vocab))),
    }


def timed(function) -> float:
    samples = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def baseline(old: str, new: str) -> None:
    SequenceMatcher(None, _TOKEN.findall(old), _TOKEN.findall(new), autojunk=False).get_opcodes()


def main() -> None:
    rows = []
    for label, (old, new) in pairs().items():
        ours = timed(lambda old=old, new=new: render_diff(word_diff(old, new)))
        base = timed(lambda old=old, new=new: baseline(old, new))
        rows.append(f"| {label} | {ours * 1000:.0f} ms | {base * 1000:.0f} ms |")
        print(label, f"coplan {ours:.3f}s", f"difflib {base:.3f}s")
    body = (
        f"Two {WORDS:,}-word texts (paragraphs of 120 words), median of {REPEATS} runs: "
        "`word_diff` + `render_diff` (diff-match-patch on one character per distinct word, "
        "with a 0.5 s time budget) against difflib's SequenceMatcher on the same word tokens "
        "(no HTML).\n\n"
        "| texts | Coplan diff, rendered | baseline: difflib |\n|---|---|---|\n" + "\n".join(rows)
    )
    update_readme("issue4", "Issue 4 – Commitments: version diffs", body)


if __name__ == "__main__":
    main()

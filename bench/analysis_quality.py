"""Analysis on real, human-labelled public data sets the project has never been tuned on.

Usage:
    .venv/bin/python bench/analysis_quality.py --themes NAME=PATH --comments NAME=PATH:COLUMN

`--themes`: a CSV (or XLSX) with a `text` column and a `themes` column of labels separated by
`|` or `;` (as `coplan analysis evaluate` reads it); each gets a seeded 80/20 evaluation of the
theme suggestions against the baseline. `--comments`: real comments (the named column) into which
form letters are injected, with hard negatives, to measure campaign detection (pairwise precision
and recall at the default setting, and the time for the whole set).

The data sets stay outside the repository (their licences do not all allow redistribution); the
README section this writes names each one's source and licence, given with `--source NAME=TEXT`.

The campaign set is built from the real comments, deduplicated, in three disjoint parts: the
sentences of the form letters, the senders' own words, and the comments left alone. Each letter
(4 to 7 real sentences) gets 3 to 60 copies: exact, one word in fifteen replaced, sentences
reordered, a sentence inserted, the sender's own paragraph appended, or their own introduction
before reordered sentences. Hard negatives: 300 comments that quote one of five passages of a
draft plan (quotation marks, « », or a "> " line) before the sender's own, different opinion.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

PASSAGES = [
    "Canada will enhance access to information by reviewing the Access to Information Act and "
    "making the information commissioner an order-making authority",
    "We will make it easier for Canadians to find and use open government data by publishing "
    "high-value datasets in machine-readable formats",
    "The Government of Canada will strengthen transparency of corporate ownership by requiring a "
    "public registry of beneficial owners",
    "Engage Canadians in the development of the next action plan through online consultations "
    "and in-person sessions across the country",
    "Open government is about making government more accessible to everyone",
]
LETTERS = 12
SENTENCES_PER_LETTER = 7
QUOTERS = 300


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", text) if len(s.split()) >= 4]


def campaign_set(comments: list[str], *, seed: int) -> tuple[list[str], list[str]]:
    """Real comments with injected form letters and hard negatives: (texts, true groups)."""
    rng = random.Random(seed)  # noqa: S311 - evaluation data
    unique: dict[str, str] = {}
    for comment in comments:
        key = re.sub(r"[^a-z]+", "", comment.casefold())[:200]
        if len(key) > 3:
            unique.setdefault(key, comment.strip())
    comments = sorted(unique.values())
    rng.shuffle(comments)
    long = [c for c in comments if len(c.split()) >= 40][:400]
    pool = sorted({s for c in long for s in _sentences(c)})
    rng.shuffle(pool)
    letter_sentences = pool[: LETTERS * SENTENCES_PER_LETTER]
    inserted = pool[LETTERS * SENTENCES_PER_LETTER :]
    rest = [c for c in comments if c not in set(long)]
    own_words, singles = rest[:1000], rest[1000:]
    texts, truth = list(singles), [""] * len(singles)
    for number in range(LETTERS):
        first = number * SENTENCES_PER_LETTER
        body = letter_sentences[first : first + rng.randint(4, SENTENCES_PER_LETTER)]
        letter = " ".join(body)
        for copy in range(rng.choice([3, 5, 8, 15, 30, 60])):
            sentences = list(body)
            kind = copy % 6
            if kind == 1:
                words = letter.split(" ")
                for _ in range(max(1, len(words) // 15)):
                    words[rng.randrange(len(words))] = rng.choice(["really", "please", "now"])
                variant = " ".join(words)
            elif kind == 2:
                rng.shuffle(sentences)
                variant = " ".join(sentences)
            elif kind == 3:
                sentences.insert(rng.randrange(1, len(sentences)), rng.choice(inserted))
                variant = " ".join(sentences)
            elif kind == 4:
                variant = letter + "\n\n" + own_words.pop()
            elif kind == 5:
                rng.shuffle(sentences)
                variant = own_words.pop() + "\n\n" + " ".join(sentences)
            else:
                variant = letter
            texts.append(variant)
            truth.append(f"letter{number}")
    forms = ["“{p}” {o}", 'The plan says: "{p}" {o}', "« {p} » {o}", "{o}\n\n> {p}"]
    for _ in range(QUOTERS):
        texts.append(rng.choice(forms).format(p=rng.choice(PASSAGES), o=own_words.pop()))
        truth.append("")
    order = list(range(len(texts)))
    rng.shuffle(order)
    return [texts[i] for i in order], [truth[i] for i in order]


def group_figures(truth: list[str], found: list[int]) -> tuple[int, int, float]:
    """Groups found, groups injected, and the largest campaign-size error: for each injected
    letter, the found group holding most of its copies against the letter's true size."""
    true_sizes = Counter(t for t in truth if t)
    found_sizes = Counter(f for f in found if f >= 0)
    holders: dict[str, Counter] = {}
    for t, f in zip(truth, found, strict=True):
        if t:
            holders.setdefault(t, Counter())[f] += 1
    errors = [
        abs(found_sizes[main] - size) / size if main >= 0 else 1.0
        for letter, size in true_sizes.items()
        for main in [holders[letter].most_common(1)[0][0]]
    ]
    return len(found_sizes), len(true_sizes), max(errors, default=0.0)


def _export(path: str, sets: list[tuple[list[str], list[str]]]) -> None:
    """The campaign sets in one CSV (text, group), for `coplan analysis campaigns`."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "group"])
        for number, (texts, truth) in enumerate(sets):
            writer.writerows(
                [text, f"{number}-{t}" if t else ""] for text, t in zip(texts, truth, strict=True)
            )


def _pair(value: str) -> tuple[str, str]:
    name, _, rest = value.partition("=")
    if not rest:
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, got {value!r}")
    return name, rest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--themes", type=_pair, action="append", default=[])
    parser.add_argument("--comments", type=_pair, action="append", default=[])
    parser.add_argument("--source", type=_pair, action="append", default=[])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--write", action="store_true", help="write the figures into README")
    parser.add_argument("--export", help="also write the campaign sets into this CSV")
    options = parser.parse_args()

    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coplan.settings.dev")
    django.setup()
    from bench.common import update_readme
    from coplan.analysis import learning
    from coplan.analysis.evaluation import read_labelled, read_rows

    sources = dict(options.source)
    lines = [
        "Data sets the project was never tuned on; each stays outside the repository.",
        "",
        "| data set | texts | themes | model | macro-F1 (95% CI) | samples-F1 (95% CI) | s |",
        "|---|---:|---:|---|---|---|---:|",
    ]
    for name, path in options.themes:
        data = read_labelled(path, text="text", labels=["themes"])
        started = time.perf_counter()
        result = learning.evaluate(data.texts, data.y, data.labels, rounds=options.rounds)
        seconds = time.perf_counter() - started
        for model in ("coplan", "baseline"):
            scores = result.results[model]["scores"]
            low = result.results[model]["intervals"]
            lines.append(
                f"| {name} | {len(data.texts)} | {len(data.labels)} | {model} | "
                f"{scores['macro_f1']:.3f} ({low['macro_f1'][0]:.3f}–{low['macro_f1'][1]:.3f}) | "
                f"{scores['samples_f1']:.3f} "
                f"({low['samples_f1'][0]:.3f}–{low['samples_f1'][1]:.3f}) | {seconds:.0f} |"
            )
        print(lines[-2], lines[-1], sep="\n", flush=True)
    lines += [
        "",
        "Campaigns (form letters injected into real comments, with hard negatives; default "
        "setting):",
        "",
        "| data set | texts | in campaigns | groups found / injected | largest size error "
        "| pairwise precision | pairwise recall | s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    sets = []
    for name, spec in options.comments:
        path, _, column = spec.rpartition(":")
        columns, rows = read_rows(path)
        texts, truth = campaign_set([row[column] for row in rows], seed=len(name))
        sets.append((texts, truth))
        started = time.perf_counter()
        found = learning.detect_campaigns(texts)
        seconds = time.perf_counter() - started
        precision, recall = learning.pairwise_precision_recall(truth, list(found.group))
        groups, injected, size_error = group_figures(truth, [int(g) for g in found.group])
        lines.append(
            f"| {name} | {len(texts):,} | {sum(1 for t in truth if t)} | {groups} / {injected} | "
            f"{100 * size_error:.1f}% | {precision:.3f} | {recall:.3f} | {seconds:.1f} |"
        )
        print(lines[-1], flush=True)
    if options.export:
        _export(options.export, sets)
    if sources:
        lines += ["", "Sources and licences:", ""]
        lines += [f"- **{name}**: {text}" for name, text in sources.items()]
    body = "\n".join(lines)
    print(body)
    if options.write:
        update_readme("analysis-public", "Analysis – quality on public labelled data sets", body)


if __name__ == "__main__":
    main()

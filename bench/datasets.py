"""Build the public labelled data sets of bench/README.md (analysis-public) from their sources.

Usage:
    .venv/bin/python bench/datasets.py nhs SOURCE OUT          # v6framework_230831.csv
    .venv/bin/python bench/datasets.py care-opinion SOURCE OUT # phase_1/co_multi_label.csv
    .venv/bin/python bench/datasets.py phase-1 SOURCE OUT      # phase_1/text_data.csv

SOURCE is a file of the pxtextmining repository (github.com/The-Strategy-Unit/pxtextmining,
`datasets/`); OUT is a CSV with a `text` column and a `themes` column (labels joined with `|`),
as `coplan analysis evaluate` and `bench/analysis_quality.py --themes` read it. The data stay
outside this repository: Care Opinion's licence (CC BY-NC-SA 4.0) does not allow it here.
"""

from __future__ import annotations

import argparse
import csv
from collections import Counter
from collections.abc import Callable
from pathlib import Path

# Themes with fewer coded examples cannot be learnt nor scored with any stability.
MIN_EXAMPLES = 14
NHS_FIRST_THEME_AFTER = "Comment sentiment"
NHS_NOT_THEMES = frozenset({"Labelling not possible", "Not assigned"})
CARE_OPINION_CODES = [f"cat_{number}" for number in range(1, 7)]
# pandas read "NA" as missing when the set was published: it is the empty code, not a theme.
CARE_OPINION_EMPTY = frozenset({"", "na"})

Rows = list[tuple[str, set[str]]]


def _read(source: Path) -> tuple[list[str], list[dict[str, str]]]:
    with source.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _frequent(rows: Rows) -> Rows:
    """Only themes with MIN_EXAMPLES or more; rows left without any theme (or text) dropped."""
    counts = Counter(theme for _, themes in rows for theme in themes)
    kept = {theme for theme, count in counts.items() if count >= MIN_EXAMPLES}
    pruned = [(text, themes & kept) for text, themes in rows]
    return [(text, themes) for text, themes in pruned if themes and text.strip()]


def nhs(source: Path) -> Rows:
    """Friends and Family Test answers; themes are the columns after the sentiment holding 1."""
    columns, records = _read(source)
    start = columns.index(NHS_FIRST_THEME_AFTER) + 1
    themes = [name for name in columns[start:] if name not in NHS_NOT_THEMES]
    rows = [
        (record["FFT answer"], {name for name in themes if (record[name] or "").strip() == "1"})
        for record in records
    ]
    return _frequent(rows)


def care_opinion(source: Path) -> Rows:
    """Stories; a code in upper case marks criticism, in lower case praise, of one subject:
    folded to lower case, the subject is the theme."""
    _, records = _read(source)
    rows = [
        (
            record["feedback"],
            {record[code].strip().lower() for code in CARE_OPINION_CODES} - CARE_OPINION_EMPTY,
        )
        for record in records
    ]
    return _frequent(rows)


def phase_1(source: Path) -> Rows:
    """One human-coded category per comment."""
    _, records = _read(source)
    return _frequent([(record["feedback"], {record["label"].strip()}) for record in records])


BUILDERS: dict[str, Callable[[Path], Rows]] = {
    "nhs": nhs,
    "care-opinion": care_opinion,
    "phase-1": phase_1,
}


def write(rows: Rows, out: Path) -> None:
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "themes"])
        writer.writerows((text, "|".join(sorted(themes))) for text, themes in rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("name", choices=sorted(BUILDERS))
    parser.add_argument("source", type=Path)
    parser.add_argument("out", type=Path)
    options = parser.parse_args()
    rows = BUILDERS[options.name](options.source)
    write(rows, options.out)
    themes = {theme for _, row_themes in rows for theme in row_themes}
    print(f"{options.out}: {len(rows)} texts, {len(themes)} themes")


if __name__ == "__main__":
    main()

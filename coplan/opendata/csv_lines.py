"""The CSV lines of a chunk of the contributions table, written column by column.

csv.writer quotes every field that needs quoting; a text without a comma, a double quote, CR or
LF is written as it is (csv.writer would leave it unchanged), which spares a call per field:
csv.writer over whole rows cost twice the previous build, more than the database's own dump.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence

from .spec import STRING, Column
from .writers import FORMULA_FIRST


class _Line(list):
    """What csv.writer writes, kept (it writes a whole row per call)."""

    write = list.append


def csv_field(value: str) -> str:
    """One text field as csv.writer (QUOTE_MINIMAL) writes it."""
    line = _Line()
    csv.writer(line).writerow([value])
    return line[0][:-2]


def _neutralised(value: str | None) -> str | None:
    """writers.neutralise: a quote before a leading = + - @ tab or CR."""
    return "'" + value if value and value[0] in FORMULA_FIRST else value


def _csv_text(value: str | None) -> str:
    if value and ("," in value or '"' in value or "\n" in value or "\r" in value):
        return csv_field(value)
    return value or ""


def csv_cells(column: Column, values: Sequence) -> list[str]:
    """A column's values as CSV fields, formulas neutralised in free text. A column of few
    distinct values (codes, blanks) is formatted once per value."""
    if column.type != STRING:
        return ["" if value is None else str(value) for value in values]
    distinct = set(values)
    if len(distinct) * 4 <= len(values):
        if column.free_text:
            cells = {value: _csv_text(_neutralised(value)) for value in distinct}
        else:
            cells = {value: _csv_text(value) for value in distinct}
        return list(map(cells.__getitem__, values))
    if column.free_text:
        values = ["'" + value if value and value[0] in FORMULA_FIRST else value for value in values]
    return [
        csv_field(value)
        if value and ("," in value or '"' in value or "\n" in value or "\r" in value)
        else value or ""
        for value in values
    ]


def csv_lines(columns: Sequence[Column], values: Sequence[Sequence]) -> list[str]:
    """The CSV lines of a chunk from its columns' values, each ended by CRLF as csv.writer
    ends them."""
    cells = list(map(csv_cells, columns, values))
    cells[-1] = [cell + "\r\n" for cell in cells[-1]]
    return list(map(",".join, zip(*cells, strict=True)))

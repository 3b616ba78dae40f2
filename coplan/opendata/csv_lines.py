"""The CSV lines of a chunk of the contributions table, written column by column.

The bytes are csv.writer's (QUOTE_MINIMAL): a text with a comma, a double quote, CR or LF is
quoted by csv.writer itself, the chunk's such texts of a column in one writerows call; any
other text is written as it is (csv.writer would leave it unchanged). The formatting is
compiled once per build from the column list (CsvFormat): each column gets its formatter, a
chunk's cells are made column by column, and its lines by str.join over the zipped columns (a
generated f-string per line measured twice as slow, bench/README.md). Values repeated across
the build (codes, blanks) are formatted once per value, in a cache that gives
up on a column whose values keep changing (comments, addresses), so that memory stays flat.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence

from .spec import STRING, Column
from .writers import FORMULA_FIRST

# A column whose distinct values pass this many is formatted value by value from then on.
CACHE_LIMIT = 2048


class _Line(list):
    """What csv.writer writes, kept (it writes a whole row per call)."""

    write = list.append


def csv_fields(values: Sequence[str]) -> list[str]:
    """Texts as csv.writer (QUOTE_MINIMAL) writes them as fields, in one writerows call."""
    written = _Line()
    csv.writer(written).writerows(zip(values))
    return [line[:-2] for line in written]


def csv_field(value: str) -> str:
    """One text field as csv.writer (QUOTE_MINIMAL) writes it."""
    return csv_fields([value])[0]


def _needs_quotes(value: str) -> bool:
    return "," in value or '"' in value or "\n" in value or "\r" in value


def _text_cell(value: str | None) -> str:
    return csv_field(value) if value and _needs_quotes(value) else value or ""


def _free_text_cell(value: str | None) -> str:
    """writers.neutralise (a quote before a leading = + - @ tab or CR), then quoted."""
    return _text_cell("'" + value if value and value[0] in FORMULA_FIRST else value)


def _numbers(values: Sequence) -> list[str]:
    """Numbers and dates as str() writes them, None blank."""
    if None not in values:
        return list(map(str, values))
    return ["" if value is None else str(value) for value in values]


def _texts(values: Sequence) -> list[str]:
    cells = [value or "" for value in values]
    return _quoted(cells)


def _free_texts(values: Sequence) -> list[str]:
    first = FORMULA_FIRST
    return _quoted(["'" + text if text and text[0] in first else text or "" for text in values])


def _quoted(cells: list[str]) -> list[str]:
    """The cells that need quoting replaced by csv.writer's fields, in one call per chunk."""
    awkward = [
        index
        for index, cell in enumerate(cells)
        if "," in cell or '"' in cell or "\n" in cell or "\r" in cell
    ]
    if awkward:
        for index, field in zip(awkward, csv_fields([cells[i] for i in awkward]), strict=True):
            cells[index] = field
    return cells


class _Cells(dict):
    """Formatted cells by value, filled on first sight of a value."""

    def __init__(self, cell: Callable[[str | None], str]) -> None:
        super().__init__()
        self.cell = cell

    def __missing__(self, value: str | None) -> str:
        cell = self[value] = self.cell(value)
        return cell


class _TextColumn:
    """A text column's formatter for one build: cached per value while its values repeat."""

    def __init__(self, free_text: bool) -> None:
        self.direct = _free_texts if free_text else _texts
        self.cells: _Cells | None = _Cells(_free_text_cell if free_text else _text_cell)

    def __call__(self, values: Sequence) -> Sequence[str]:
        cells = self.cells
        if cells is None:
            return self.direct(values)
        formatted = list(map(cells.__getitem__, values))
        if len(cells) > CACHE_LIMIT:
            self.cells = None
        return formatted


class CsvFormat:
    """The CSV formatting of a column list, compiled once per build."""

    def __init__(self, columns: Sequence[Column]) -> None:
        self.formatters: list[Callable[[Sequence], Sequence]] = [
            _TextColumn(column.free_text) if column.type == STRING else _numbers
            for column in columns
        ]

    def __call__(self, values: Sequence[Sequence]) -> list[str]:
        """The CSV lines of a chunk from its columns' values, each ended by CRLF.

        Neighbouring columns that hold one value throughout the chunk (the process, blanks
        where no row has a translation, a campaign…) are formatted once and joined as one
        cell: most of a line's fields, in most chunks, and each field costs every line."""
        size = len(values[0])
        cells: list[Sequence[str]] = []
        same: list[str] = []
        for formatter, column in zip(self.formatters, values, strict=True):
            first = column[0] if size else None
            # The last value first: most columns that vary show it there, without a full scan.
            if size and column[-1] == first and column.count(first) == size:
                same.append(formatter([first])[0])
                continue
            if same:
                cells.append([",".join(same)] * size)
                same = []
            cells.append(formatter(column))
        if same:
            cells.append([",".join(same)] * size)
        cells[-1] = [cell + "\r\n" for cell in cells[-1]]
        return list(map(",".join, zip(*cells, strict=True)))


def csv_lines(columns: Sequence[Column], values: Sequence[Sequence]) -> list[str]:
    """The CSV lines of one chunk from its columns' values, each ended by CRLF as csv.writer
    ends them (a build compiles its CsvFormat once and reuses it)."""
    return CsvFormat(columns)(values)

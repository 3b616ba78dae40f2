"""Reading spreadsheets people send us: CSV in whatever encoding Excel chose, and XLSX.

The one reader of every tabular import (intake of social exports and notes, the analysis
evaluation commands): no other module parses CSV files people give us.

Guarantees:
- CSV bytes are decoded as UTF-8 (with or without a byte-order mark), UTF-16 (with a mark) or
  Windows-1252. ISO-8859-1 text is read through Windows-1252, which agrees with it on every
  printable character. Bytes that fit none of these, and UTF-8 that was already garbled once
  ("Ã©" for "é"), raise TabularError instead of being stored as mojibake.
- CSV is read as RFC 4180 (quotes doubled inside quoted fields, line breaks inside them), as
  Excel, LibreOffice, pandas and Python's csv module write it. Only the delimiter is detected,
  among comma, semicolon (French Excel) and tab, by which one splits the first rows into a
  steady number of columns; quoting is never guessed. A quoting error or a NUL byte raises
  TabularError with the line.
- XLSX is read with openpyxl in read-only mode (flat memory); the first worksheet is used.
- Columns are found by name through a mapping of field → accepted header names (case, accents
  and spacing ignored); a required column that is missing raises TabularError naming it.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

# Spreadsheets bigger than this are refused before parsing (a notes or export file is far smaller).
TABULAR_MAX_BYTES = 200 * 1024 * 1024
CELL_MAX_LENGTH = 100_000
SNIFF_BYTES = 64 * 1024

# UTF-8 read once as Windows-1252 turns “é” into “Ã©” and “’” into “â€™”: a lead character
# followed by one from the continuation range is the telltale.
_MOJIBAKE_RE = re.compile(
    "[\u00c2\u00c3\u00c5][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    "\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
    "|\u00e2\u20ac[\u0080-\u00bf\u2122\u0153\u02dc\u201c\u201d\u00a6\u00a2\u00a0]"
)


class TabularError(Exception):
    """A file that cannot be read; `line` and `column` say where, when known."""

    def __init__(self, message: str, *, line: int | None = None, column: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column

    def __str__(self) -> str:
        if self.line and self.column:
            return _("Line %(line)s, column %(column)s: %(message)s") % {
                "line": self.line,
                "column": self.column,
                "message": self.message,
            }
        if self.line:
            return _("Line %(line)s: %(message)s") % {"line": self.line, "message": self.message}
        return self.message


@dataclass
class Row:
    line: int
    cells: list[object]


@dataclass
class Table:
    headers: list[str]
    rows: Iterator[Row]
    encoding: str = ""

    def mapped(self, columns: Mapping[str, int]) -> Iterator[tuple[int, dict[str, object]]]:
        """Each row as {field: cell} for the mapped columns (a short row gives empty cells)."""
        for row in self.rows:
            values = {}
            for name, index in columns.items():
                values[name] = row.cells[index] if index < len(row.cells) else None
            yield row.line, values


def normalise_header(value: object) -> str:
    """'  Table ou Sujet ' → 'table ou sujet': case, accents and spacing do not matter."""
    text = unicodedata.normalize("NFKD", str(value or ""))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[\s_\-.]+", " ", text).strip().casefold()


def map_columns(
    headers: Sequence[str],
    aliases: Mapping[str, Sequence[str]],
    *,
    required: Sequence[str] = (),
) -> dict[str, int]:
    """Find each field's column among the headers: {field: column index}.

    `aliases` maps a field to the header names it may have (the first found wins); missing
    optional fields are left out; a missing required field raises TabularError.
    """
    positions = {}
    for index, header in enumerate(headers):
        positions.setdefault(normalise_header(header), index)
    columns: dict[str, int] = {}
    for field, names in aliases.items():
        for name in names:
            index = positions.get(normalise_header(name))
            if index is not None:
                columns[field] = index
                break
    missing = [field for field in required if field not in columns]
    if missing:
        wanted = ", ".join(f"“{aliases[field][0]}”" for field in missing)
        raise TabularError(
            _("Column not found: %(columns)s. The file's columns are: %(headers)s.")
            % {"columns": wanted, "headers": ", ".join(f"“{h}”" for h in headers) or "—"},
            line=1,
        )
    return columns


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode bytes from a file in an unknown encoding: (text, encoding) or TabularError."""
    if data.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8", "cp1252"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        _check_not_mojibake(text)
        return text, encoding
    position = _first_bad_byte(data)
    raise TabularError(
        _(
            "The file's encoding could not be recognised (it is not UTF-8, Windows-1252 or "
            "ISO-8859-1; byte %(position)s cannot be read). Save it as “CSV UTF-8” and import "
            "it again."
        )
        % {"position": position},
        line=data[:position].count(b"\n") + 1,
    )


def _first_bad_byte(data: bytes) -> int:
    try:
        data.decode("cp1252")
    except UnicodeDecodeError as exc:
        return exc.start
    return 0


# A file converted to the wrong encoding garbles all its accents; a file whose texts were
# garbled before it was made (a few "â€™" among hundreds of good accents) is read as it is.
GARBLED_SHARE = 0.5


def _check_not_mojibake(text: str) -> None:
    match = _MOJIBAKE_RE.search(text)
    if not match:
        return
    # Only garbled if the two characters are really UTF-8 read as Windows-1252.
    try:
        match.group().encode("cp1252").decode("utf-8")
    except UnicodeError:
        return
    garbled = sum(len(found.group()) for found in _MOJIBAKE_RE.finditer(text))
    non_ascii = sum(1 for character in text if ord(character) > 127)
    if garbled < GARBLED_SHARE * non_ascii:
        return
    before = text[: match.start()]
    line = before.count("\n") + 1
    column = match.start() - (before.rfind("\n") + 1) + 1
    raise TabularError(
        _(
            "The text looks garbled (“%(sample)s”): the file was converted to the wrong "
            "encoding before it was sent. Export it again as “CSV UTF-8”."
        )
        % {"sample": match.group()},
        line=line,
        column=str(column),
    )


DELIMITERS = (",", ";", "\t")
_SNIFF_ROWS = 50


def _rows_with(sample: str, delimiter: str) -> list[int]:
    """Column counts of the sample's first rows, read as RFC 4180 with this delimiter."""
    reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
    counts: list[int] = []
    try:
        for cells in reader:
            if cells:
                counts.append(len(cells))
            if len(counts) > _SNIFF_ROWS:
                break
    except csv.Error:
        pass
    # The sample may end inside its last row: that one is not counted.
    return counts[:-1] if len(counts) > 2 else counts


def detect_delimiter(sample: str) -> str:
    """The delimiter (comma, semicolon or tab) that splits the rows into a steady number of
    columns, more than one; a comma when none does.

    csv.Sniffer also guesses the quoting, and guesses it wrong on texts holding doubled quotes
    (it then splits rows apart): only the delimiter is chosen here, the quoting stays RFC 4180.
    """
    best, best_score = ",", (0.0, 0)
    for delimiter in DELIMITERS:
        counts = _rows_with(sample, delimiter)
        if not counts or counts[0] < 2:
            continue
        steady = sum(count == counts[0] for count in counts) / len(counts)
        score = (steady, counts[0])
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_csv(data: bytes) -> Table:
    """A CSV table; rows are parsed lazily, errors raise TabularError with the line."""
    text, encoding = decode_text(data)
    nul = text.find("\x00")
    if nul >= 0:
        raise TabularError(
            _("The line contains a NUL character: this is not a text file."),
            line=text.count("\n", 0, nul) + 1,
        )
    delimiter = detect_delimiter(text[:SNIFF_BYTES])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        headers = [str(h).strip() for h in next(reader)]
    except StopIteration:
        raise TabularError(_("The file is empty.")) from None
    except csv.Error as exc:
        raise TabularError(_csv_message(exc), line=reader.line_num or 1) from None
    if not any(headers):
        raise TabularError(_("The first line must name the columns."), line=1)
    return Table(headers=headers, rows=_csv_rows(reader, headers), encoding=encoding)


def _csv_rows(reader: Any, headers: list[str]) -> Iterator[Row]:
    """The rows after the headers, blank lines skipped, each with the line it starts on."""
    line = reader.line_num
    while True:
        start = line + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise TabularError(_csv_message(exc), line=reader.line_num) from None
        line = reader.line_num
        if not "".join(cells).strip():
            continue
        if max(map(len, cells), default=0) > CELL_MAX_LENGTH:
            _refuse_long_cell(cells, headers, start)
        yield Row(line=start, cells=cells)


def _refuse_long_cell(cells: list[str], headers: list[str], line: int) -> None:
    index = next(i for i, cell in enumerate(cells) if len(cell) > CELL_MAX_LENGTH)
    raise TabularError(
        _("The cell is longer than %(limit)s characters.") % {"limit": CELL_MAX_LENGTH},
        line=line,
        column=_column_name(headers, index),
    )


def _csv_message(exc: csv.Error) -> str:
    text = str(exc)
    if any(word in text for word in ("quote", "expected after", "end of data", "delimiter")):
        return _("A quotation mark is not closed or is misplaced.")
    return _("The line cannot be read as CSV.")


def _column_name(headers: Sequence[str], index: int) -> str:
    if index < len(headers) and headers[index]:
        return f"{index + 1} (“{headers[index]}”)"
    return str(index + 1)


def read_xlsx(data: bytes) -> Table:
    """The first worksheet of an XLSX workbook, read-only (flat memory)."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError):
        raise TabularError(_("The file is not a valid Excel workbook (.xlsx).")) from None
    sheet = workbook.worksheets[0] if workbook.worksheets else None
    if sheet is None:
        raise TabularError(_("The workbook has no worksheet."))
    iterator = sheet.iter_rows(values_only=True)
    try:
        first = next(iterator)
    except StopIteration:
        workbook.close()
        raise TabularError(_("The file is empty.")) from None
    except (zipfile.BadZipFile, ValueError, KeyError, OSError):
        workbook.close()
        raise TabularError(_("The worksheet cannot be read."), line=1) from None
    headers = [str(h).strip() if h is not None else "" for h in first]
    if not any(headers):
        workbook.close()
        raise TabularError(_("The first line must name the columns."), line=1)
    return Table(headers=headers, rows=_xlsx_rows(workbook, iterator), encoding="xlsx")


def _xlsx_rows(workbook: Any, iterator: Iterator[tuple]) -> Iterator[Row]:
    """The rows after the headers, empty ones skipped; the workbook closed at the end."""
    line = 1
    try:
        for values in iterator:
            line += 1
            cells = [_xlsx_cell(value) for value in values]
            if not any(cell not in (None, "") for cell in cells):
                continue
            yield Row(line=line, cells=cells)
    except (zipfile.BadZipFile, ValueError, KeyError, OSError):
        raise TabularError(_("The worksheet cannot be read."), line=line) from None
    finally:
        workbook.close()


def _xlsx_cell(value: object) -> object:
    if value is None or isinstance(value, datetime.datetime | datetime.date):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_table(data: bytes, *, filename: str) -> Table:
    """Read a CSV or XLSX file, chosen by its content (XLSX is a zip) and its name."""
    if len(data) > TABULAR_MAX_BYTES:
        raise TabularError(
            _("The file is larger than %(limit)s MB.") % {"limit": TABULAR_MAX_BYTES // 2**20}
        )
    if not data.strip():
        raise TabularError(_("The file is empty."))
    lower = filename.lower()
    if data[:4] == b"PK\x03\x04" or lower.endswith((".xlsx", ".xlsm")):
        return read_xlsx(data)
    if lower.endswith(".xls"):
        raise TabularError(
            _("Old Excel files (.xls) cannot be read: save the file as .xlsx or CSV.")
        )
    return read_csv(data)


def cell_text(value: object) -> str:
    """A cell as text (dates in ISO form)."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value).strip()

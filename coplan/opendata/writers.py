"""Writing a version's files in one pass over the rows: CSV, JSON and XLSX side by side.

Memory stays flat: rows are written as they come (openpyxl in write-only mode for XLSX, JSON one
object per line inside the array), then each file is hashed by reading it back in blocks.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TextIO

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from coplan.processes.models import Process

from .spec import Resource, dictionary, in_both

LICENCE = {
    "name": "OGL-Canada-2.0",
    "title": "Open Government Licence - Canada / Licence du gouvernement ouvert - Canada",
    "path": "https://open.canada.ca/en/open-government-licence-canada",
}
# XLSX holds 1,048,576 rows with the header: larger tables are published in CSV and JSON only.
XLSX_MAX_ROWS = 1_048_575
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_FIRST = frozenset("".join(FORMULA_STARTS))
HASH_BLOCK = 1 << 20


def neutralise(value):
    """Spreadsheets run cells that start with = + - @ as formulas: prefix them with a quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralised(rows: list[tuple], free: list[int]) -> list:
    """The rows with formulas neutralised in their free-text columns (copies only those rows)."""
    out = []
    for row in rows:
        for index in free:
            value = row[index]
            if value and isinstance(value, str) and value[0] in FORMULA_FIRST:
                row = list(row)
                for index in free:
                    row[index] = neutralise(row[index])
                break
        out.append(row)
    return out


def write_csv(*, path: Path, resource: Resource, chunks: Iterable[list[str]]) -> int:
    """Write one resource as CSV from lists of finished lines (rows.contribution_csv_chunks):
    the header by csv.writer, then each list in one call. Returns the number of rows."""
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerow(resource.headers)
        for lines in chunks:
            handle.writelines(lines)
            count += len(lines)
    return count


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(HASH_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def write_tables(
    *,
    directory: Path,
    stem: str,
    resource: Resource,
    chunks: Iterable[tuple[list[tuple], list[str] | None]],
    meta: dict,
    with_xlsx: bool = True,
    advance: Callable[[int], None] | None = None,
    csv_chunks: Iterable[list[str]] | None = None,
) -> dict[str, tuple[Path, int]]:
    """Write the resource as CSV, JSON (and XLSX): {format: (path, rows)}.

    `chunks` are (rows, CSV lines) pairs read together (rows.table_chunks): the CSV takes the
    lines when there are (the contributions' fast path), else csv.writer writes the rows.
    With `csv_chunks` (PostgreSQL's COPY, rows.table_sources), the CSV is those lines, written
    first, and must hold as many rows as `chunks`."""
    csv_path = directory / f"{stem}.csv"
    json_path = directory / f"{stem}.json"
    xlsx_path = directory / f"{stem}.xlsx"
    workbook = sheet = None
    if with_xlsx:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(resource.name[:31])
        sheet.append(resource.headers)
    try:
        count = _write_rows(
            csv_path=csv_path,
            json_path=json_path,
            sheet=sheet,
            resource=resource,
            chunks=chunks,
            meta=meta,
            advance=advance,
            csv_chunks=csv_chunks,
        )
    except BaseException:
        if sheet is not None:
            _abandon(sheet)
        raise
    written = {"csv": (csv_path, count), "json": (json_path, count)}
    if workbook is not None:
        workbook.save(xlsx_path)
        written["xlsx"] = (xlsx_path, count)
    return written


def _abandon(sheet: WriteOnlyWorksheet) -> None:
    """Close a write-only sheet whose rows failed, and delete openpyxl's temporary file.

    Left to the garbage collector, the sheet's row generator and its file stream are finalised
    in any order: when the file goes first, openpyxl writes to a closed file and the error
    surfaces later, somewhere unrelated. Closing the sheet ends them in the right order; the
    temporary file would otherwise stay in /tmp until the worker exits.
    """
    writer = sheet._writer
    try:
        if not sheet.closed:
            sheet.close()
    finally:
        if writer is not None:
            writer.cleanup()


def _copy_lines(csv_file: TextIO, csv_chunks: Iterable[list[str]] | None) -> int | None:
    """Write CSV lines made elsewhere (PostgreSQL's COPY); how many, or None when none came."""
    if csv_chunks is None:
        return None
    copied = 0
    for lines in csv_chunks:
        csv_file.writelines(lines)
        copied += len(lines)
    return copied


def _spreadsheet_row(row: list) -> list:
    """A row as openpyxl accepts it: characters XML cannot hold removed from texts."""
    return [
        ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value for value in row
    ]


def _write_rows(
    *,
    csv_path: Path,
    json_path: Path,
    sheet: WriteOnlyWorksheet | None,
    resource: Resource,
    chunks: Iterable[tuple[list[tuple], list[str] | None]],
    meta: dict,
    advance: Callable[[int], None] | None,
    csv_chunks: Iterable[list[str]] | None = None,
) -> int:
    free = [index for index, column in enumerate(resource.columns) if column.free_text]
    keys = resource.keys
    count = 0
    with (
        csv_path.open("w", encoding="utf-8", newline="") as csv_file,
        json_path.open("w", encoding="utf-8") as json_file,
    ):
        writer = csv.writer(csv_file)
        writer.writerow(resource.headers)
        copied = _copy_lines(csv_file, csv_chunks)
        json_file.write('{"meta": ' + json.dumps(meta, ensure_ascii=False) + ', "items": [')
        separator = "\n"
        for rows, lines in chunks:
            if lines is not None:
                if len(lines) != len(rows):
                    raise ValueError("CSV lines and rows of a chunk differ in number")
                csv_file.writelines(lines)
            for row in rows:
                item = json.dumps(dict(zip(keys, row, strict=True)), ensure_ascii=False)
                json_file.write(separator + item)
                separator = ",\n"
                shown = list(row)
                for index in free:
                    shown[index] = neutralise(shown[index])
                if lines is None and copied is None:
                    writer.writerow(shown)
                if sheet is not None:
                    sheet.append(_spreadsheet_row(shown))
                count += 1
                if advance is not None and count % 500 == 0:
                    advance(500)
        json_file.write("\n]}\n")
    if copied is not None and copied != count:
        raise ValueError("the CSV and the rows of the table differ in number")
    if advance is not None:
        advance(count % 500)
    return count


def write_dictionary(*, path: Path, entries: list[dict]) -> int:
    """The data dictionary as a bilingual CSV: one row per column and per allowed value."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "Column | Colonne",
                "Key | Clé",
                "Type | Type",
                "Meaning | Signification",
                "Signification (French) | Signification (français)",
                "Allowed value | Valeur permise",
                "Meaning of the value | Signification de la valeur",
                "Meaning of the value (French) | Signification de la valeur (français)",
            ]
        )
        count = 0
        for entry in entries:
            head = [
                entry["header"],
                entry["key"],
                entry["type"],
                entry["description_en"],
                entry["description_fr"],
            ]
            if not entry["allowed"]:
                writer.writerow([*head, "", "", ""])
                count += 1
            for allowed in entry["allowed"]:
                writer.writerow(
                    [*head, allowed["value"], allowed["meaning_en"], allowed["meaning_fr"]]
                )
                count += 1
    return count


def table_schema(resource: Resource, entries: list[dict]) -> dict:
    """The Frictionless table schema of a resource's CSV (field names are the CSV headers)."""
    fields = []
    for column, entry in zip(resource.columns, entries, strict=True):
        described = {
            "name": column.header,
            "title": column.header,
            "type": column.type,
            "description": f"{entry['description_en']} / {entry['description_fr']}",
        }
        if column.type == "datetime":
            described["format"] = "any"
        constraints = {}
        if column.required:
            constraints["required"] = True
        if entry["allowed"] and not column.multiple:
            constraints["enum"] = [allowed["value"] for allowed in entry["allowed"]]
        if constraints:
            described["constraints"] = constraints
        fields.append(described)
    return {"fields": fields, "missingValues": [""]}


def datapackage(
    *,
    name: str,
    title: tuple[str, str],
    version: int,
    created: str,
    process: Process,
    resources: list[tuple[Resource, Path, int]],
) -> dict:
    """The Frictionless data package describing a version's CSV files, with checksums."""
    described = []
    for resource, path, _rows in resources:
        entries = dictionary(resource, process)
        title_en, title_fr = in_both(resource.title)
        description_en, description_fr = in_both(resource.description)
        described.append(
            {
                "name": resource.name,
                "path": path.name,
                "title": f"{title_en} | {title_fr}",
                "description": f"{description_en} / {description_fr}",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "bytes": path.stat().st_size,
                "hash": "sha256:" + sha256_of(path),
                "schema": table_schema(resource, entries),
            }
        )
    return {
        "profile": "tabular-data-package",
        "name": name,
        "title": f"{title[0]} | {title[1]}",
        "version": str(version),
        "created": created,
        "licenses": [LICENCE],
        "resources": described,
    }

"""Reading any labelled CSV or XLSX for the evaluation commands, with clear errors for bad files.

Files are read by `core.tabular`, the one reader of every import (RFC 4180 CSV, XLSX).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from coplan.core.tabular import TabularError, cell_text, read_table

MAX_FILE_BYTES = 200 * 1024 * 1024
# Several labels in one cell are separated by semicolons or vertical bars; a comma belongs to
# the label ("Cleanliness, tidiness & infection control" is one theme).
_LABEL_SEPARATORS = re.compile(r"[;|]")
_TRUE = {"1", "true", "yes", "y", "x", "oui", "vrai"}
_FALSE = {"0", "false", "no", "n", "", "non", "faux"}


@dataclass
class Labelled:
    texts: list[str]
    labels: list[str]
    y: np.ndarray


def read_rows(path: str | Path) -> tuple[list[str], list[dict]]:
    path = Path(path)
    if not path.is_file():
        raise ValidationError(_("File not found: %(path)s.") % {"path": path})
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ValidationError(_("The file is too large (over 200 MB)."))
    try:
        table = read_table(path.read_bytes(), filename=path.name)
        columns = table.headers
        rows = [
            {
                name: cell_text(cells[index]) if index < len(cells) else ""
                for index, name in enumerate(columns)
            }
            for cells in (row.cells for row in table.rows)
        ]
    except TabularError as error:
        raise ValidationError(str(error)) from error
    if not rows:
        raise ValidationError(_("The file has no rows."))
    return columns, rows


def _need(columns: list[str], name: str) -> None:
    if name not in columns:
        raise ValidationError(
            _("No column “%(name)s”. Columns: %(columns)s.")
            % {"name": name, "columns": ", ".join(columns)}
        )


def read_labelled(path: str | Path, *, text: str, labels: list[str]) -> Labelled:
    """Texts and label matrix from one delimited label column or several one-hot columns."""
    columns, rows = read_rows(path)
    _need(columns, text)
    for name in labels:
        _need(columns, name)
    rows = [row for row in rows if (row.get(text) or "").strip()]
    if len(rows) < 10:
        raise ValidationError(_("At least 10 labelled rows are needed to evaluate."))
    texts = [row[text] for row in rows]
    if len(labels) == 1:
        sets = [
            {part.strip() for part in _LABEL_SEPARATORS.split(row[labels[0]] or "") if part.strip()}
            for row in rows
        ]
        names = sorted(set().union(*sets))
    else:
        names = list(labels)
        sets = []
        for number, row in enumerate(rows, start=2):
            chosen = set()
            for name in labels:
                value = (row[name] or "").strip().lower()
                if value in _TRUE:
                    chosen.add(name)
                elif value not in _FALSE:
                    raise ValidationError(
                        _("Row %(row)s, column “%(name)s”: “%(value)s” is not 0 or 1.")
                        % {"row": number, "name": name, "value": value[:40]}
                    )
            sets.append(chosen)
    if len(names) < 2:
        raise ValidationError(_("At least two different labels are needed."))
    y = np.array([[int(name in chosen) for name in names] for chosen in sets], dtype=int)
    return Labelled(texts=texts, labels=names, y=y)

"""Writing the data set files (opendata.writers): tables, spreadsheets and their cleanup."""

from __future__ import annotations

import pytest

from coplan.opendata.columns import CONTRIBUTIONS


def test_an_interrupted_write_releases_the_spreadsheet(tmp_path):
    """Rows failing midway: the XLSX writer is closed at once, its temporary file removed.

    An abandoned write-only workbook is finalised by the garbage collector in any order; when
    its file closes before its row generator, openpyxl writes to a closed file ("I/O operation
    on closed file") inside whatever test happens to be running then.
    """
    import gc

    from openpyxl.worksheet import _writer

    from coplan.opendata.writers import write_tables

    def rows():
        yield tuple("x" for _ in CONTRIBUTIONS.keys)
        raise RuntimeError("database went away")

    temporary = set(_writer.ALL_TEMP_FILES)
    with pytest.raises(RuntimeError, match="went away"):
        write_tables(
            directory=tmp_path,
            stem="broken",
            resource=CONTRIBUTIONS,
            chunks=(([row], None) for row in rows()),
            meta={},
        )
    # Collecting now surfaces any unraisable error as a failure of this test, not of a later one.
    gc.collect()
    assert set(_writer.ALL_TEMP_FILES) == temporary

"""The open exports of commitments: CSV that spreadsheets open safely, JSON that parses, whatever
the number of rows."""

import csv
import io
import json

from coplan.commitments.exports import csv_stream, json_stream


def _csv(columns, rows) -> list[dict]:
    text = "".join(csv_stream(columns, rows))
    assert text.startswith("\ufeff"), "spreadsheets read the file as UTF-8 with its mark"
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def test_csv_quotes_text_and_keeps_accents_and_line_breaks():
    rows = _csv(
        ["identifier", "title_fr"],
        [{"identifier": "C-1", "title_fr": "Données « ouvertes », partout\nen ligne"}],
    )

    assert rows == [{"identifier": "C-1", "title_fr": "Données « ouvertes », partout\nen ligne"}]


def test_csv_cells_that_a_spreadsheet_would_run_as_formulas_are_neutralised():
    formulas = ["=HYPERLINK(1)", "+1", "-1", "@SUM(A1)", "\tx", "\rx"]
    rows = _csv(["title_en"], [{"title_en": value} for value in formulas])

    assert [row["title_en"] for row in rows] == [f"'{value}" for value in formulas]
    # Numbers stay numbers: only text is prefixed.
    assert _csv(["position"], [{"position": -1}]) == [{"position": "-1"}]


def test_json_is_one_document_with_its_metadata_for_any_number_of_rows():
    for count in (0, 1, 3):
        rows = [{"identifier": f"C-{n}", "title_fr": "Été"} for n in range(count)]
        document = json.loads("".join(json_stream(iter(rows), meta={"process": "p"})))
        assert document == {"meta": {"process": "p"}, "items": rows}

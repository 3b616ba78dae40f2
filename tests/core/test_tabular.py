"""Reading CSV and XLSX files in the encodings people actually send."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from openpyxl import Workbook

from coplan.core.tabular import TabularError, map_columns, read_table

# Spreadsheet cells carry no time zone: the importer makes them aware.
NAIVE_CELL = datetime.datetime(2018, 1, 15, 10, 0)  # noqa: DTZ001
FRENCH = (
    "Table,Animateur,Texte\n"
    "Économie,Hélène,Des données ouvertes sur les dépenses, s’il vous plaît\n"
)


def rows_of(data: bytes, filename: str = "notes.csv"):
    table = read_table(data, filename=filename)
    return table.headers, [(row.line, row.cells) for row in table.rows], table.encoding


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (FRENCH.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + FRENCH.encode("utf-8"), "utf-8-sig"),
        (FRENCH.encode("utf-16"), "utf-16"),
        (FRENCH.encode("cp1252"), "cp1252"),
        (FRENCH.replace("’", "'").encode("iso-8859-1"), "cp1252"),
    ],
)
def test_every_common_encoding_reads_the_same_french_text(data, encoding):
    """UTF-8 with or without BOM, UTF-16, Windows-1252 and ISO-8859-1 give the same text."""
    headers, rows, found = rows_of(data)
    assert found == encoding
    assert headers == ["Table", "Animateur", "Texte"]
    assert rows[0][1][0] == "Économie" and rows[0][1][1] == "Hélène"
    assert rows[0][1][2].startswith("Des données ouvertes sur les dépenses")


def test_double_encoded_utf8_is_refused_not_stored_as_mojibake():
    garbled = FRENCH.encode("utf-8").decode("cp1252").encode("utf-8")
    with pytest.raises(TabularError) as caught:
        rows_of(garbled)
    assert caught.value.line == 2 and "garbled" in str(caught.value)


def test_bytes_of_no_known_encoding_are_refused_with_the_line():
    data = b"text\nfine\nbad \x81\x8d here\n"
    with pytest.raises(TabularError) as caught:
        rows_of(data)
    assert caught.value.line == 3


def test_semicolon_delimiter_from_french_excel_is_detected():
    headers, rows, _ = rows_of("Sujet;Texte\nSanté;Plus de transparence, svp\n".encode("cp1252"))
    assert headers == ["Sujet", "Texte"] and rows[0][1] == ["Santé", "Plus de transparence, svp"]


def test_unclosed_quote_reports_its_line():
    with pytest.raises(TabularError) as caught:
        rows_of(b'topic,text\nA,"fine"\nB,"broken" here,\n')
    assert caught.value.line == 3 and "quotation" in caught.value.message


def test_nul_byte_reports_its_line():
    with pytest.raises(TabularError) as caught:
        rows_of(b"topic,text\nA,ok\nB,bad\x00\n")
    assert caught.value.line == 3


def test_multiline_cell_keeps_the_line_where_the_row_starts():
    _, rows, _ = rows_of(b'topic,text\nA,"one\ntwo"\nB,three\n')
    assert [line for line, _cells in rows] == [2, 4]


def test_empty_file_and_blank_header_are_errors():
    with pytest.raises(TabularError):
        rows_of(b"")
    with pytest.raises(TabularError) as caught:
        rows_of(b",,\nx,y,z\n")
    assert caught.value.line == 1


def test_xlsx_is_read_with_dates_kept():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Topic", "Text", "Date"])
    sheet.append(["Santé", "Des données", NAIVE_CELL])
    sheet.append([None, None, None])
    sheet.append(["Économie", 42, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    headers, rows, encoding = rows_of(buffer.getvalue(), "notes.xlsx")
    assert encoding == "xlsx" and headers == ["Topic", "Text", "Date"]
    assert rows[0] == (2, ["Santé", "Des données", NAIVE_CELL])
    assert rows[1] == (4, ["Économie", "42", None])


def test_a_corrupt_xlsx_is_an_error_not_a_crash():
    with pytest.raises(TabularError):
        rows_of(b"PK\x03\x04not really a zip", "notes.xlsx")
    with pytest.raises(TabularError):
        rows_of(b"whatever", "notes.xls")


def test_columns_are_mapped_ignoring_case_accents_and_spacing():
    columns = map_columns(
        ["  THÈME ", "Texte"], {"topic": ["topic", "theme"], "text": ["text", "texte"]}
    )
    assert columns == {"topic": 0, "text": 1}


def test_a_missing_required_column_names_it():
    with pytest.raises(TabularError) as caught:
        map_columns(["a", "b"], {"text": ["text"]}, required=["text"])
    assert "“text”" in caught.value.message and caught.value.line == 1


# What people send: texts with quotes, commas, semicolons and line breaks, as each tool writes them.
TRICKY = [
    ["id", "text", "themes"],
    ["1", 'She said "no", then "yes"; fine.', "Cleanliness, tidiness & infection control"],
    ["2", "Line one\nline two, with a comma", "Waiting times;Staff attitude"],
    ["3", "Plain", "Access"],
    ["4", '"Quoted at the start", she wrote', "Access|Parking"],
]


def _csv_module(delimiter: str = ",", lineterminator: str = "\r\n", bom: bool = False) -> bytes:
    """Python's csv module (and pandas' to_csv, which uses it) with its default quoting."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator=lineterminator).writerows(TRICKY)
    return (b"\xef\xbb\xbf" if bom else b"") + buffer.getvalue().encode("utf-8")


def _quote_all(delimiter: str, lineterminator: str) -> bytes:
    """LibreOffice's "quote all text cells"."""
    buffer = io.StringIO(newline="")
    csv.writer(
        buffer, delimiter=delimiter, lineterminator=lineterminator, quoting=csv.QUOTE_ALL
    ).writerows(TRICKY)
    return buffer.getvalue().encode("utf-8")


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(_csv_module(bom=True), id="excel-utf8-bom-crlf"),
        pytest.param(_csv_module(delimiter=";", bom=True), id="excel-fr-semicolon"),
        pytest.param(_csv_module(lineterminator="\n"), id="pandas-to_csv"),
        pytest.param(_csv_module(delimiter="\t"), id="tab-separated"),
        pytest.param(_quote_all(",", "\n"), id="libreoffice-quote-all"),
        pytest.param(_quote_all(";", "\r\n"), id="libreoffice-semicolon-quote-all"),
    ],
)
def test_standard_csv_from_every_tool_reads_back_exactly(data):
    """Doubled quotes, quoted delimiters and line breaks inside fields are read as RFC 4180 says,
    whichever tool wrote the file: every row comes back whole, with its own cells."""
    headers, rows, _encoding = rows_of(data)
    assert [headers] + [cells for _line, cells in rows] == TRICKY


def test_delimiter_is_not_fooled_by_commas_inside_quoted_semicolon_fields():
    """A semicolon file whose texts hold many commas is still read with semicolons."""
    data = 'texte;thème\n"Un, deux, trois, quatre, cinq";Santé\n"Six, sept";Économie\n'
    headers, rows, _ = rows_of(data.encode("utf-8"))
    assert headers == ["texte", "thème"]
    assert rows[0][1] == ["Un, deux, trois, quatre, cinq", "Santé"]


def test_an_unreadable_encoding_names_the_byte_position():
    with pytest.raises(TabularError) as caught:
        rows_of(b"text\nok\nbad \x81 here\n")
    assert "byte 12" in caught.value.message and caught.value.line == 3


def test_a_few_texts_garbled_at_the_source_do_not_refuse_a_good_file():
    """Real exports hold a few texts garbled before the file was made ("â€™" in one comment
    among many good accents): the file is read as it is; only a file whose accents are all
    garbled (converted to the wrong encoding) is refused."""
    good = "".join(f"Économie {n},Très bien, l’équipe était là\n" for n in range(20))
    data = ("Sujet,Texte\n" + good + "Santé,It doesnâ€™t work\n").encode("utf-8")
    _, rows, _ = rows_of(data)
    assert rows[-1][1] == ["Santé", "It doesnâ€™t work"]

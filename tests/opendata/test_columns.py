"""One column specification drives the contributions table: adding a Column to
columns.CONTRIBUTIONS is the only edit a new column needs, and it shows up in the data
dictionary, the datapackage schema, the rows and CSV written in Python, and PostgreSQL's SELECT.
"""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.db.models.functions import Length

from coplan.contributions.models import Contribution
from coplan.opendata import rows as opendata_rows
from coplan.opendata.columns import CONTRIBUTIONS
from coplan.opendata.spec import INTEGER, Column, dictionary
from coplan.opendata.writers import table_schema


@pytest.fixture
def title_length():
    """A new column, declared once: the length of each contribution's original title."""
    column = Column(
        "title_length",
        "Title length",
        INTEGER,
        "Characters in the title.",
        reads={"c_title_length": Length("title")},
        python=lambda chunk: chunk["c_title_length"],
        sql="c.c_title_length",
    )
    CONTRIBUTIONS.columns.append(column)
    yield column
    CONTRIBUTIONS.columns.remove(column)


def test_a_new_column_reaches_the_dictionary_and_the_schema(corpus, title_length):
    entries = dictionary(CONTRIBUTIONS, corpus["process"])
    assert entries[-1]["key"] == "title_length"
    assert entries[-1]["header"] == "Title length | Title length"
    field = table_schema(CONTRIBUTIONS, entries)["fields"][-1]
    assert (field["name"], field["type"]) == ("Title length | Title length", "integer")


def test_a_new_column_reaches_the_rows_and_the_csv(corpus, title_length):
    process = corpus["process"]
    expected = dict(Contribution.objects.filter(process=process).values_list("pk", Length("title")))
    rows = list(opendata_rows.contribution_rows(process))
    assert rows and all(len(row) == len(CONTRIBUTIONS.columns) for row in rows)
    assert {row[0]: row[-1] for row in rows} == {row[0]: expected[row[0]] for row in rows}
    lines = "".join(line for chunk in opendata_rows.python_csv_chunks(process) for line in chunk)
    written = list(csv.reader(io.StringIO(lines, newline="")))
    assert [int(fields[-1]) for fields in written] == [row[-1] for row in rows]


def test_a_new_column_reaches_the_sql(corpus, title_length):
    if connection.vendor != "postgresql":
        pytest.skip("the SELECT is PostgreSQL's (COPY) only")
    process = corpus["process"]
    select, _named = opendata_rows.contribution_select(process, csv=True)
    assert select.split(" FROM ", 1)[0].endswith(", c.c_title_length")
    copied = "".join(
        line for chunk in opendata_rows.contribution_csv_chunks(process) for line in chunk
    )
    python = "".join(line for chunk in opendata_rows.python_csv_chunks(process) for line in chunk)
    assert copied == python


def test_the_sql_of_every_column_is_its_specification():
    """The SELECT's columns are the specification's, in its order (text needs no database)."""
    from coplan.opendata.contribution_sql import column_sql

    for column in CONTRIBUTIONS.columns:
        assert column.sql and column.python, column.key
        sql = column_sql(column, csv=True)
        assert column.sql in sql
        if column.free_text:
            assert sql.startswith("NULLIF(CASE WHEN ascii(")


def test_csv_lines_are_what_csv_writer_writes():
    """Fields formatted column by column (codes once per value, plain text as it is) give the
    bytes csv.writer gives, formulas neutralised in free text, for any mix of awkward values."""
    import random

    from coplan.opendata.csv_lines import csv_lines
    from coplan.opendata.spec import STRING
    from coplan.opendata.writers import neutralise

    rng = random.Random(19)
    alphabet = ["a", "é", " ", ",", '"', "\r", "\n", "=", "+", "-", "@", "\t", "'", "\\"]
    columns = [
        Column("n", "n", INTEGER, "n"),
        Column("code", "code", STRING, "code"),
        Column("text", "text", STRING, "text", free_text=True),
        Column("plain", "plain", STRING, "plain"),
    ]
    size = 400
    values = [
        [rng.choice([None, 0, 7, 123456789]) for _ in range(size)],
        # Few distinct values: formatted once per value.
        [rng.choice(["", "web", "a,b", 'q"', None]) for _ in range(size)],
        # Many distinct values: formatted one by one.
        ["".join(rng.choices(alphabet, k=rng.randrange(0, 8))) for _ in range(size)],
        ["".join(rng.choices(alphabet, k=rng.randrange(0, 8))) for _ in range(size)],
    ]
    expected = io.StringIO()
    writer = csv.writer(expected)
    for n, code, text, plain in zip(*values, strict=True):
        writer.writerow([n, code, neutralise(text), plain])
    assert "".join(csv_lines(columns, values)) == expected.getvalue()


def test_csv_format_gives_csv_writers_bytes_once_values_stop_repeating():
    """A build's formatting caches each column's cells while its values repeat and formats
    them one by one once they stop (comments, addresses), and writes a chunk's columns of one
    value once: all give csv.writer's bytes."""
    import random

    from coplan.opendata.csv_lines import CACHE_LIMIT, CsvFormat
    from coplan.opendata.spec import STRING
    from coplan.opendata.writers import neutralise

    rng = random.Random(1900)
    alphabet = ["a", "é", " ", ",", '"', "\r", "\n", "=", "+", "-", "@", "\t", "'"]
    columns = [
        Column("n", "n", INTEGER, "n"),
        Column("text", "text", STRING, "text", free_text=True),
        Column("plain", "plain", STRING, "plain"),
        Column("same", "same", STRING, "same"),
        Column("none", "none", INTEGER, "none"),
        Column("blank", "blank", STRING, "blank", free_text=True),
    ]
    csv_format = CsvFormat(columns)
    size = CACHE_LIMIT + 500
    expected = io.StringIO()
    writer = csv.writer(expected)
    written = []
    for _chunk in range(3):
        values = [
            [rng.choice([None, 3, rng.randrange(10**9)]) for _ in range(size)],
            ["".join(rng.choices(alphabet, k=rng.randrange(0, 12))) for _ in range(size)],
            ["".join(rng.choices(alphabet, k=rng.randrange(0, 12))) for _ in range(size)],
            ['=a,"b"'] * size,
            [None] * size,
            [rng.choice(["", "=x"])] * size,
        ]
        written.extend(csv_format(values))
        for n, text, plain, same, none, blank in zip(*values, strict=True):
            writer.writerow([n, neutralise(text), plain, same, none, neutralise(blank)])
    assert all(formatter.cells is None for formatter in csv_format.formatters[1:3])
    assert "".join(written) == expected.getvalue()

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

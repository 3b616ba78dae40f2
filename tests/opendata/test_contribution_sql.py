"""The SQL of the contributions SELECT (opendata.contribution_sql), column by column."""

from __future__ import annotations

from coplan.opendata.columns import CONTRIBUTIONS


def test_the_sql_of_every_column_is_its_specification():
    """The SELECT's columns are the specification's, in its order (text needs no database)."""
    from coplan.opendata.contribution_sql import column_sql

    for column in CONTRIBUTIONS.columns:
        assert column.sql and column.python, column.key
        sql = column_sql(column, csv=True)
        assert column.sql in sql
        if column.free_text:
            assert sql.startswith("NULLIF(CASE WHEN ascii(")

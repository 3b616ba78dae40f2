"""The analysis indexes that migrations do not know about come back after every migrate."""

from __future__ import annotations

from django.db import connection

from coplan.analysis import dbindexes, search
from coplan.contributions.models import Contribution
from tests.analysis.conftest import make_contributions


def test_indexes_come_back_after_migrate(process):
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX {dbindexes.QUEUE_ORDER_INDEX}")
        if connection.vendor == "sqlite" and search.SQLITE_FTS5:
            cursor.execute("DROP TRIGGER analysis_fts_insert")
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER analysis_search_insert ON contributions_contribution")
            cursor.execute(f"DROP INDEX {search.PG_INDEX}")
    make_contributions(process, [{"text": "Missed by the index while its trigger was gone."}])
    from django.apps import apps

    if connection.vendor == "postgresql":
        # As after a real migration: no foreign-key checks left pending in the transaction.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    dbindexes.after_migrate(apps.get_app_config("analysis"), using="default")
    with connection.cursor() as cursor:
        names = {t.name for t in connection.introspection.get_table_list(cursor)}
        constraints = connection.introspection.get_constraints(cursor, "contributions_contribution")
    assert dbindexes.QUEUE_ORDER_INDEX in constraints
    if connection.vendor == "sqlite" and search.SQLITE_FTS5:
        assert search.FTS_TABLE in names
        # Rebuilt from the table: the row added while the trigger was missing is found.
        assert search.search(Contribution.objects.all(), "missed trigger").count() == 1
    if connection.vendor == "postgresql":
        assert search.PG_TABLE in names
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [search.PG_INDEX])
            assert cursor.fetchone() == (True,)
        # Brought in step with the table: the row added while the trigger was missing is found.
        assert search.search(Contribution.objects.all(), "missed trigger").count() == 1

"""The full-text search of contributions: the indexes (SQLite FTS5, PostgreSQL GIN) kept in step
with the contributions, accents folded, query syntax taken as words."""

from __future__ import annotations

import pytest
from django.db import connection

from coplan.analysis import search, selectors
from coplan.contributions.models import Contribution
from tests.analysis.conftest import make_contributions


def test_search_index_follows_the_contributions(process, themes):
    # The same promises on every database: FTS5 or GIN index, or SQLite's folding fallback.
    (first, second) = make_contributions(
        process,
        [
            {"text": "Les DONNÉES ouvertes du Québec, s'il vous plaît."},
            {"text": "Protect privacy online."},
        ],
    )

    def found(query):
        return set(search.search(Contribution.objects.all(), query).values_list("pk", flat=True))

    assert found("donnees quebec") == {first.pk}
    assert found("donnee") == {first.pk}  # a word's beginning is enough
    assert found("Données") == {first.pk}
    assert found("privacy") == {second.pk}
    second.text = "Open data for everyone."
    second.save()
    assert found("privacy") == set() and found("everyone") == {second.pk}
    Contribution.objects.filter(pk=first.pk).delete()
    assert found("donnees") == set()
    # FTS5 syntax in a query is taken as words, never as operators.
    for hostile in ['"', "NEAR(a b)", "data OR privacy", "*", "text:data", "^data", "a -b"]:
        found(hostile)
    assert found("data OR privacy") == set()
    assert found("l'éducation") == set()


pg_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL search index")


@pg_only
def test_postgresql_search_reads_its_index(process, themes):
    make_contributions(
        process,
        [{"text": f"Contribution {n} sur les données ouvertes."} for n in range(300)]
        + [{"text": "Protect privacy online."}],
    )
    with connection.cursor() as cursor:
        # Statistics, as autovacuum would gather them: one row in 301 matches "privacy".
        cursor.execute("ANALYZE contributions_contribution")
        # Small tables are read whole, or along an ordered index, whatever else there is;
        # forbidding both leaves bitmap scans, which only the GIN index can serve here.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    queryset = search.search(Contribution.objects.all(), "donnees ouvert")
    assert search.PG_INDEX in queryset.explain()
    assert queryset.count() == 300
    # The workspace's own query (filters, ordering, one page) reads the index too.
    queue = selectors.queue(process, selectors.QueueFilters(q="privacy"))
    assert search.PG_INDEX in queue[:51].explain()
    assert [c.text for c in queue[:51]] == ["Protect privacy online."]


@pg_only
def test_postgresql_accent_folding_is_immutable(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT analysis_unaccent('Élaborer les DONNÉES, ça'), provolatile "
            "FROM pg_proc WHERE proname = %s",
            [search.PG_UNACCENT],
        )
        assert cursor.fetchone() == ("Elaborer les DONNEES, ca", "i")

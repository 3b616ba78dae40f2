"""The chunk queries (opendata.chunk_statements): compiled once, run with each chunk's bounds,
rows always in the order of the names asked for; a query that lost its bounds is refused."""

from __future__ import annotations

import pytest

from coplan.contributions.models import Contribution
from coplan.opendata.chunk_statements import (
    AFTER,
    FIRST,
    LAST,
    Statement,
    main_statement,
    related_statements,
)
from coplan.opendata.columns import CONTRIBUTIONS
from coplan.opendata.contribution_chunks import reads
from coplan.opendata.selectors import public_contributions


def test_the_main_statement_reads_public_rows_after_the_bound_in_key_order(corpus):
    process = corpus["process"]
    keys = sorted(public_contributions().filter(process=process).values_list("pk", flat=True))
    statement = main_statement(process, reads(CONTRIBUTIONS), size=2)
    first = statement.run({AFTER: 0})
    assert [row[0] for row in first] == keys[:2]
    assert [row[0] for row in statement.run({AFTER: keys[1]})] == keys[2:4]
    assert statement.run({AFTER: keys[-1]}) == []


def test_related_rows_come_in_the_order_of_their_names(corpus):
    idea = corpus["idea"]
    links = related_statements()["links"].run({FIRST: idea.pk, LAST: idea.pk})
    assert links == [(idea.pk, "primary", "c1"), (idea.pk, "secondary", "c2")]
    assert related_statements()["links"].run({FIRST: 0, LAST: idea.pk - 1}) == []


def test_values_are_reordered_to_the_names_asked_for(corpus):
    queryset = Contribution.objects.filter(pk__gt=AFTER).order_by("pk").values("language", "pk")
    statement = Statement(queryset, (AFTER,), names=("pk", "language"))
    rows = statement.run({AFTER: 0})
    assert rows == list(Contribution.objects.order_by("pk").values_list("pk", "language"))


def test_a_query_without_its_bounds_is_refused(db):
    with pytest.raises(RuntimeError, match="chunk bounds not found"):
        Statement(Contribution.objects.values_list("pk"), (AFTER,), names=("pk",))

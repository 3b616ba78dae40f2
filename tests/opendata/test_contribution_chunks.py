"""The contributions table a chunk at a time (opendata.contribution_chunks): any chunk size
gives the same rows and lines, and the queries per chunk do not grow with its rows."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from coplan.opendata.columns import CONTRIBUTIONS
from coplan.opendata.contribution_chunks import chunks, group_sizes
from coplan.opendata.selectors import public_contributions
from tests.contributions.factories import ContributionFactory


def built(process, size: int) -> tuple[list[int], list, list[str]]:
    sizes, rows, lines = [], [], []
    for out_rows, out_lines in chunks(CONTRIBUTIONS, process, size=size, rows=True, lines=True):
        sizes.append(len(out_rows or []))
        rows += out_rows or []
        lines += out_lines or []
    return sizes, rows, lines


def test_any_chunk_size_gives_the_same_rows_and_lines(corpus):
    process = corpus["process"]
    public = public_contributions().filter(process=process).count()
    sizes, rows, lines = built(process, 100)
    assert sizes == [public] and len(lines) == public
    one_by_one = built(process, 1)
    assert one_by_one[0] == [1] * public
    assert one_by_one[1:] == (rows, lines)
    assert [row[0] for row in rows] == sorted(row[0] for row in rows)


def test_rows_or_lines_only_when_asked(corpus):
    [(out_rows, out_lines)] = chunks(
        CONTRIBUTIONS, corpus["process"], size=100, rows=False, lines=True
    )
    assert out_rows is None and out_lines
    [(out_rows, out_lines)] = chunks(
        CONTRIBUTIONS, corpus["process"], size=100, rows=True, lines=False
    )
    assert out_rows and out_lines is None


def test_queries_per_chunk_do_not_grow_with_its_rows(corpus):
    process = corpus["process"]

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            built(process, 1000)
        return len(queries)

    small = count()
    for _ in range(10):
        ContributionFactory(opportunity=corpus["idea"].opportunity)
    assert count() == small


def test_group_sizes_count_public_grouped_contributions_only(corpus):
    process = corpus["process"]
    opportunity = corpus["idea"].opportunity
    for _ in range(3):
        ContributionFactory(opportunity=opportunity, duplicate_group="letter-a")
    assert group_sizes(process)["letter-a"] == 3
    assert "" not in group_sizes(process)

"""The contributions endpoints (opendata.api_contributions): bad input, filters, cursors and
the query plan of a page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.contributions.factories import ContributionFactory

from .helpers import generous_rate  # noqa: F401 - autouse fixture


def test_bad_parameters_get_400(corpus, client):
    for query in (
        "limit=0",
        "limit=101",
        "limit=abc",
        "channel=pigeon",
        "received_after=2018-02-31",
        "cursor=%%%",
        "cursor=-5",
        "cursor=99999999999999999999999",
        "cursor=0",
        "cursor=5_",
        "cursor=_5",
        "cursor=1_2_3",
        "process=" + "x" * 200,
        "theme=<script>",
    ):
        response = client.get("/api/v1/contributions?" + query)
        assert response.status_code == 400, query
        assert response.json()["detail"]
        assert response["Cache-Control"] == "no-store"


def test_filters(corpus, client):
    from coplan.contributions.models import Contribution

    process = corpus["process"]
    Contribution.objects.filter(pk=corpus["idea"].pk).update(phase=corpus["idea"].opportunity.phase)
    url = "/api/v1/contributions"
    ids = lambda query: {item["id"] for item in client.get(url + "?" + query).json()["items"]}  # noqa: E731
    assert ids("language=fr") == {corpus["french"].pk}
    assert ids("theme=open-data") == {corpus["idea"].pk}
    assert ids("kind=comment") >= {corpus["comment"].pk}
    assert corpus["idea"].pk in ids(f"process={process.slug}&phase=development&channel=web")
    assert ids("received_after=2018-01-15&received_before=2018-01-16") == {corpus["idea"].pk}
    assert ids("process=no-such-process") == set()
    item = client.get(f"{url}/{corpus['idea'].pk}").json()
    assert item["disposition"] == "in-plan"
    assert item["text"] == "Please open the budget data. [redacted]"
    assert item["response"]["fr"] == "C'est devenu l'engagement 1."


def test_cursor_pagination_walks_every_row_once(corpus, client):
    for _ in range(7):
        ContributionFactory(opportunity=corpus["idea"].opportunity)
    seen = []
    url = "/api/v1/contributions?limit=3"
    while url:
        page = client.get(url).json()
        seen += [item["id"] for item in page["items"]]
        url = page["next"]
    assert len(seen) == len(set(seen)) == 11
    assert seen == sorted(seen, reverse=True)


def test_a_date_range_pages_by_date_then_identifier(corpus, client):
    """With a date range, pages go newest first by date; rows sharing a date (ties) and rows
    whose identifiers run against their dates are each served exactly once."""
    import datetime

    from coplan.contributions.models import Contribution

    opportunity = corpus["idea"].opportunity
    start = datetime.datetime(2019, 3, 1, 12, tzinfo=datetime.UTC)
    made = [ContributionFactory(opportunity=opportunity) for _ in range(9)]
    # Identifiers against dates, and three rows on the very same microsecond.
    for index, contribution in enumerate(made):
        at = start + datetime.timedelta(days=9 - index if index > 2 else 0)
        Contribution.objects.filter(pk=contribution.pk).update(received_at=at)
    expected = sorted(
        Contribution.objects.filter(pk__in=[c.pk for c in made]).values_list("received_at", "pk"),
        reverse=True,
    )
    seen = []
    url = "/api/v1/contributions?limit=2&received_after=2019-02-01&received_before=2019-04-01"
    while url:
        page = client.get(url).json()
        seen += [item["id"] for item in page["items"]]
        url = page["next"]
        if url:
            assert "_" in page["next_cursor"]
    assert seen == [pk for _at, pk in expected]
    # An identifier alone (a cursor from an undated listing) is placed by its date.
    third = expected[2][1]
    query = f"limit=50&received_after=2019-02-01&received_before=2019-04-01&cursor={third}"
    page = client.get(f"/api/v1/contributions?{query}").json()
    assert [item["id"] for item in page["items"]] == [pk for _at, pk in expected[3:]]
    # A dated cursor in an undated listing uses its identifier.
    page = client.get(f"/api/v1/contributions?limit=50&cursor=1_{third}").json()
    assert all(item["id"] < third for item in page["items"])


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plan wording")
@pytest.mark.parametrize(
    "query",
    [
        "limit=100",
        "limit=100&cursor=5",
        "limit=100&language=fr&kind=idea&channel=web",
        "limit=100&received_after=2018-01-01&received_before=2018-02-01",
        "limit=100&received_after=2018-01-01&cursor=63652435200000000_5",
    ],
)
def test_contribution_page_reads_the_table_along_its_key_without_sorting(corpus, client, query):
    # A page must cost the same with a million rows: read backwards along the primary key (or
    # an index that ends with it), never sort the whole table, never join it to others.
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/api/v1/contributions?{query}").status_code == 200
    [page] = [q["sql"] for q in queries if 'FROM "contributions_contribution"' in q["sql"]]
    assert "JOIN" not in page
    assert "COUNT(" not in page.upper()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + page)
        plan = " / ".join(str(row[-1]) for row in cursor.fetchall())
    assert "TEMP B-TREE" not in plan, plan

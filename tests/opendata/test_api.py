"""The public API: schema-driven fuzzing, filters, cursors, caching, limits and query counts."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext

from tests.contributions.factories import ContributionFactory


@pytest.fixture
def connections_kept_open() -> Iterator[None]:
    """The bare WSGI app closes "old" connections at each request's start and end, as a server
    should; inside the test's transaction that would close PostgreSQL's connection (SQLite's
    in-memory test database ignores it). Django's test client disconnects the same handlers."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_schemathesis_finds_no_server_error_and_responses_conform(corpus, connections_kept_open):
    """Every operation, fuzzed from the OpenAPI schema through the WSGI app: no 5xx, answers
    documented and conforming to their schemas."""
    schemathesis = pytest.importorskip("schemathesis")
    from django.core.wsgi import get_wsgi_application
    from hypothesis import HealthCheck, given, settings

    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @settings(
            max_examples=20, deadline=None, suppress_health_check=list(HealthCheck), database=None
        )
        @given(case=operation.as_strategy())
        def check(case):
            case.call_and_validate()

        try:
            check()
        except Exception as error:  # noqa: BLE001 - collect every failing operation, then report
            failures.append(f"{operation.label}: {error}")
    assert not failures, "\n\n".join(failures)


@pytest.fixture(autouse=True)
def generous_rate(settings):
    settings.COPLAN_RATE_API = "100000/60"


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


def test_etag_and_cache_control(corpus, client):
    response = client.get("/api/v1/processes")
    assert response["Cache-Control"].startswith("public, max-age=")
    etag = response["ETag"]
    again = client.get("/api/v1/processes", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""


def test_rate_limit_gives_429_json(corpus, client, settings):
    settings.COPLAN_RATE_API = "3/60"
    statuses = [client.get("/api/v1/processes").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/v1/processes")
    assert response.json()["detail"]
    assert response["Retry-After"] == "60"


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/contributions?limit=100",
        "/api/v1/contributions?limit=100&phase=development&language=en&theme=open-data"
        "&received_after=2000-01-01&channel=web&kind=idea",
        "/api/v1/commitments",
        "/api/v1/milestones",
        "/api/v1/progress-updates",
        "/api/v1/events",
        "/api/v1/datasets",
        "/api/v1/processes",
    ],
)
def test_list_queries_do_not_grow_with_rows(corpus, client, url):
    from tests.commitments.factories import make_commitment, make_milestone
    from tests.events.factories import EventFactory

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    small = count()
    opportunity = corpus["idea"].opportunity
    for index in range(20):
        ContributionFactory(opportunity=opportunity)
        commitment = make_commitment(corpus["process"], identifier=f"k{index}")
        make_milestone(commitment)
        EventFactory(opportunity=opportunity)
    assert count() == small


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


def test_every_schema_text_has_its_french_version(db, client):
    """The schema's summaries and descriptions are all listed for the catalog (a new operation
    or field fails here until its text is), and the French schema has every one translated,
    with the same operations, parameters and types."""
    import json

    from coplan.opendata.api import api
    from coplan.opendata.api_schema import SCHEMA_TEXTS, schema_texts

    english = json.loads(json.dumps(api.get_openapi_schema()))
    assert schema_texts(english) <= set(SCHEMA_TEXTS)
    response = client.get("/api/openapi.fr.json")
    assert response.status_code == 200 and response["ETag"]
    french = json.loads(response.content)
    texts = schema_texts(french)
    assert not (texts & (set(SCHEMA_TEXTS) - {"OK", "contributions"}))
    assert "jeux de données" in texts
    assert "Lister les contributions" in texts
    assert "Les mots de l’auteur, renseignements personnels masqués." in texts

    def shape(node):
        if isinstance(node, dict):
            skipped = ("summary", "description", "tags")
            return {k: shape(v) for k, v in node.items() if k not in skipped}
        if isinstance(node, list):
            return [shape(v) for v in node]
        return node

    assert shape(french) == shape(english)
    assert client.post("/api/openapi.fr.json").status_code == 405


def test_the_documentation_page_loads_the_schema_in_its_language(db, client):
    english = client.get("/en/open-data/api/").content.decode()
    assert 'data-openapi-url="/api/openapi.json"' in english and 'lang="en"' in english
    french = client.get("/fr/open-data/api/").content.decode()
    assert 'id="swagger-ui" lang="fr" data-openapi-url="/api/openapi.fr.json"' in french
    assert 'data-copy-label="Copier dans le presse-papiers"' in french

"""The public API: schema-driven fuzzing, filters, cursors, caching, limits and query counts."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext

from tests.contributions.factories import ContributionFactory

from .helpers import generous_rate  # noqa: F401 - autouse fixture


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


def test_the_documentation_page_loads_the_schema_in_its_language(db, client):
    english = client.get("/en/open-data/api/").content.decode()
    assert 'data-openapi-url="/api/openapi.json"' in english and 'lang="en"' in english
    french = client.get("/fr/open-data/api/").content.decode()
    assert 'id="swagger-ui" lang="fr" data-openapi-url="/api/openapi.fr.json"' in french
    assert 'data-copy-label="Copier dans le presse-papiers"' in french

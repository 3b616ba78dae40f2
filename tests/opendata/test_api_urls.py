"""The public API's wrapping (opendata.api_urls): caching, ETags and the rate limit."""

from __future__ import annotations

from .helpers import generous_rate  # noqa: F401 - autouse fixture


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

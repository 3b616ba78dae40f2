"""What the API's endpoints share (opendata.api_base): keyset pages newest first, a cursor in
the next page's address, and errors as JSON that say what was wrong."""

from __future__ import annotations

from tests.commitments.factories import make_commitment

from .helpers import generous_rate  # noqa: F401 - autouse fixture


def test_pages_follow_the_cursor_newest_first_until_the_last(corpus, client):
    process = corpus["process"]
    made = [make_commitment(process, identifier=f"k{index}") for index in range(3)]
    first = client.get(f"/api/v1/commitments?limit=2&process={process.slug}").json()
    assert [item["identifier"] for item in first["items"]] == ["k2", "k1"]
    assert first["next_cursor"] == made[1].pk
    assert first["next"].startswith("http://testserver/api/v1/commitments?")
    assert f"process={process.slug}" in first["next"] and f"cursor={made[1].pk}" in first["next"]
    second = client.get(first["next"]).json()
    assert [item["identifier"] for item in second["items"]] == ["k0", "c2"]
    last = client.get(second["next"]).json()
    assert [item["identifier"] for item in last["items"]] == ["c1"]
    assert last["next"] is None and last["next_cursor"] is None


def test_invalid_parameters_are_named_in_a_400(db, client):
    response = client.get("/api/v1/commitments?limit=500&cursor=0")
    assert response.status_code == 400
    assert response.json() == {"detail": "Invalid parameters: cursor, limit"}


def test_an_unknown_item_is_a_json_404(db, client):
    response = client.get("/api/v1/contributions/123456")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}

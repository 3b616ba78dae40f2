"""The open data of commitments and milestones: each download streams as an attachment named
after the process, the JSON with its licence; an unknown process is a 404."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.commitments.factories import make_commitment, make_milestone

pytestmark = pytest.mark.django_db


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200 and response.streaming
    return response, b"".join(response.streaming_content).decode()


def test_the_csv_downloads_are_named_attachments_with_their_columns(client, process):
    commitment = make_commitment(process, identifier="C-01")
    make_milestone(commitment, description_fr="Publier l’inventaire.")
    base = f"/en/commitments/{process.slug}/export/"
    response, body = _get(client, base + "commitments.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"] == f'attachment; filename="{process.slug}-commitments.csv"'
    )
    # A byte-order mark first, so that spreadsheets read the accents right.
    assert body.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(body.removeprefix("\ufeff"))))
    assert [row["identifier"] for row in rows] == ["C-01"]
    response, body = _get(client, base + "milestones.csv")
    assert response["Content-Disposition"].endswith(f'"{process.slug}-milestones.csv"')
    assert [
        row["description_fr"] for row in csv.DictReader(io.StringIO(body.removeprefix("\ufeff")))
    ] == ["Publier l’inventaire."]


def test_the_json_downloads_carry_their_licence_and_process(client, process):
    make_milestone(make_commitment(process, identifier="C-02"))
    for name in ("commitments", "milestones"):
        response, body = _get(client, f"/fr/commitments/{process.slug}/export/{name}.json")
        assert response["Content-Type"] == "application/json; charset=utf-8"
        data = json.loads(body)
        assert data["meta"]["licence"] == "Open Government Licence - Canada"
        assert data["meta"]["process"] == process.slug and len(data["items"]) == 1


def test_an_unknown_process_has_no_downloads(client, db):
    assert client.get("/en/commitments/nope/export/commitments.csv").status_code == 404

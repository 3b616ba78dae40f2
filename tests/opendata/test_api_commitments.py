"""The plan's endpoints (opendata.api_commitments): commitments, milestones and published data
set versions, filtered by process, with their pages' addresses in English and in French."""

from __future__ import annotations

import pytest
from django.utils import timezone

from coplan.opendata.models import DataSetStatus, DataSetVersion
from tests.commitments.factories import make_commitment, make_milestone
from tests.processes.factories import ProcessFactory

from .helpers import generous_rate  # noqa: F401 - autouse fixture


def test_commitments_of_one_process_in_both_languages(corpus, client, settings):
    site = settings.COPLAN_SITE_URL.rstrip("/")
    process = corpus["process"]
    make_commitment(ProcessFactory(), identifier="elsewhere")
    page = client.get(f"/api/v1/commitments?process={process.slug}").json()
    assert [item["identifier"] for item in page["items"]] == ["c2", "c1"]
    first = page["items"][1]
    assert first["title"] == {"en": "Open data for c1", "fr": "Données ouvertes pour c1"}
    assert first["url"] == {
        "en": f"{site}/en/commitments/{process.slug}/c1/",
        "fr": f"{site}/fr/commitments/{process.slug}/c1/",
    }
    assert client.get("/api/v1/commitments?process=no-such-process").json()["items"] == []


def test_milestones_filtered_by_commitment(corpus, client):
    process = corpus["process"]
    kept = make_milestone(process.commitments.get(identifier="c1"))
    make_milestone(process.commitments.get(identifier="c2"))
    items = client.get("/api/v1/milestones?commitment=c1").json()["items"]
    assert [(item["id"], item["commitment"]) for item in items] == [(kept.pk, "c1")]
    assert items[0]["process"] == process.slug


def test_only_published_data_sets_are_listed(corpus, client):
    process = corpus["process"]
    DataSetVersion.objects.create(process=process, kind="contributions", number=1)
    DataSetVersion.objects.create(
        process=process,
        kind="commitments",
        number=1,
        status=DataSetStatus.PUBLISHED,
        published_at=timezone.now(),
    )
    items = client.get("/api/v1/datasets").json()["items"]
    assert [(item["kind"], item["number"]) for item in items] == [("commitments", 1)]
    assert items[0]["title"] == {
        "en": "Commitments and milestones, version 1",
        "fr": "Engagements et jalons, version 1",
    }
    assert items[0]["licence"] == "OGL-Canada-2.0" and items[0]["files"] == []
    assert client.get("/api/v1/datasets?kind=contributions").json()["items"] == []


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/commitments?process=a%20b",
        "/api/v1/commitments?limit=0",
        "/api/v1/milestones?commitment=<x>",
        "/api/v1/datasets?kind=everything",
    ],
)
def test_bad_filters_get_400(db, client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert response.json()["detail"].startswith("Invalid parameters: ")

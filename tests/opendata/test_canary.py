"""The canary: nothing pending, rejected, hidden, withdrawn, non-consented or personal ever
appears in any data set format, API answer, feed, sitemap or search result."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from openpyxl import load_workbook

from coplan.opendata import services

from .conftest import SECRETS

API_PATHS = [
    "/api/v1/processes",
    "/api/v1/processes/{slug}",
    "/api/v1/processes/{slug}/phases",
    "/api/v1/processes/{slug}/opportunities",
    "/api/v1/contributions",
    "/api/v1/contributions?process={slug}&limit=100",
    "/api/v1/contributions/{idea}",
    "/api/v1/commitments",
    "/api/v1/milestones",
    "/api/v1/progress-updates",
    "/api/v1/events",
    "/api/v1/datasets",
    "/api/openapi.json",
    "/api/openapi.fr.json",
]


def assert_clean(text: str, where: str) -> None:
    for kind, secret in SECRETS.items():
        assert secret.lower() not in text.lower(), f"{kind} leaked into {where}"


def test_no_canary_anywhere(corpus, client, django_capture_on_commit_callbacks):
    process = corpus["process"]
    with django_capture_on_commit_callbacks(execute=True):
        for kind in ("contributions", "commitments", "questionnaire_results"):
            version = services.dataset_version_request(process=process, kind=kind)
            # Requests are sequential: let each build run before the next request.
    assert process.dataset_versions.filter(status="published").count() == 3
    checked = 0
    for record in services.DataSetFile.objects.all():
        path = Path(settings.MEDIA_ROOT) / record.path
        if record.format == "xlsx":
            workbook = load_workbook(path, read_only=True)
            text = "\n".join(str(v) for row in workbook.active.values for v in row if v is not None)
            workbook.close()
        else:
            text = path.read_text("utf-8")
        assert_clean(text, record.path)
        checked += 1
        response = client.get(record.get_absolute_url())
        assert response.status_code == 200
        # Consuming the stream closes the response; closing it again from the test would fire
        # request_finished with close_old_connections on, which closes PostgreSQL's connection.
        content = b"".join(response.streaming_content)
        if record.format != "xlsx":
            assert_clean(content.decode("utf-8"), record.filename)
    # contributions: 3 tables + dictionary + package; commitments: 2 × 4 + package; results: 5
    assert checked == 19
    for template in API_PATHS:
        url = template.format(slug=process.slug, idea=corpus["idea"].pk)
        response = client.get(url)
        assert response.status_code == 200, url
        assert_clean(response.content.decode(), url)
    for language in ("en", "fr"):
        for url in (
            f"/{language}/open-data/{process.slug}/feed.atom",
            f"/{language}/open-data/{process.slug}/",
            f"/{language}/open-data/{process.slug}/contributions/v1/",
            f"/{language}/processes/{process.slug}/",
        ):
            response = client.get(url)
            assert response.status_code == 200, url
            assert_clean(response.content.decode(), url)
    # The site publishes no sitemap and no public full-text search: both answer 404, so
    # nothing can leak through them.
    assert client.get("/sitemap.xml").status_code == 404
    assert client.get("/en/search/?q=CANARY").status_code == 404
    assert version.status in ("building", "published")


@pytest.mark.parametrize("state", ["pending", "rejected", "hidden", "withdrawn", "no_consent"])
def test_unpublished_contributions_are_not_found_by_id(corpus, client, state):
    from coplan.contributions.models import Contribution

    contribution = Contribution.objects.get(title=SECRETS[state])
    assert client.get(f"/api/v1/contributions/{contribution.pk}").status_code == 404
    listing = client.get("/api/v1/contributions?limit=100").json()
    assert contribution.pk not in {item["id"] for item in listing["items"]}

"""Open data pages: public pages in both languages, files, feeds and staff pages per role."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coplan.opendata import services
from coplan.opendata.models import DataSetVersion


@pytest.fixture
def published(corpus, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.dataset_version_request(process=corpus["process"], kind="contributions")
    return DataSetVersion.objects.get()


@pytest.mark.parametrize("language", ["en", "fr"])
def test_public_pages(client, published, language):
    slug = published.process.slug
    listing = client.get(f"/{language}/open-data/{slug}/")
    assert listing.status_code == 200
    detail = client.get(f"/{language}/open-data/{slug}/contributions/v1/")
    assert detail.status_code == 200
    text = detail.content.decode()
    for record in published.files.all():
        assert record.sha256 in text
    assert "Disposition | Suite donnée" in text or "disposition" in text
    process_page = client.get(f"/{language}/processes/{slug}/")
    assert (
        published.get_absolute_url().replace("/en/", f"/{language}/")
        in process_page.content.decode()
    )


def test_files_are_immutable_downloads_with_their_checksum_as_etag(client, published):
    record = published.files.get(format="csv")
    response = client.get(record.get_absolute_url())
    # Consuming the stream closes the response (a second close() would close the connection).
    content = b"".join(response.streaming_content)
    assert response["ETag"] == f'"{record.sha256}"'
    assert "immutable" in response["Cache-Control"]
    assert len(content) == record.size
    assert (
        client.get(record.get_absolute_url(), HTTP_IF_NONE_MATCH=f'"{record.sha256}"').status_code
        == 304
    )
    assert client.get(record.get_absolute_url().replace(".csv", ".exe")).status_code == 404


def test_building_versions_are_not_public(client, corpus):
    version = services.dataset_version_request(process=corpus["process"], kind="contributions")
    assert (
        client.get(
            f"/en/open-data/{corpus['process'].slug}/contributions/v{version.number}/"
        ).status_code
        == 404
    )
    assert client.get(f"/en/open-data/{corpus['process'].slug}/nonsense/v1/").status_code == 404


@pytest.mark.parametrize("language", ["en", "fr"])
def test_atom_feed(client, published, language):
    response = client.get(f"/{language}/open-data/{published.process.slug}/feed.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "urn:coplan:dataset-" in body
    assert f"/{language}/open-data/" in body


def test_api_docs_page_uses_local_assets_only(client):
    for language in ("en", "fr"):
        response = client.get(f"/{language}/open-data/api/")
        assert response.status_code == 200
        body = response.content.decode()
        assert "/static/opendata/swagger-ui/swagger-ui-bundle.js" in body
        # Every script and stylesheet is the site's own: no address on another host.
        external = re.findall(r'(?:src|href)="((?:https?:)?//[^"]+)"', body)
        assert [url for url in external if url.endswith((".js", ".css"))] == []
        assert "cdn." not in body.lower() and "/cdn/" not in body.lower()
        assert "<script>" not in body
    assert client.get("/api/v1/docs").status_code == 302


def test_public_pages_keep_a_constant_query_count(
    client, published, django_capture_on_commit_callbacks
):
    slug = published.process.slug

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/en/open-data/{slug}/").status_code == 200
        return len(queries)

    small = count()
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            services.dataset_version_request(process=published.process, kind="commitments")
    assert count() == small


@pytest.mark.parametrize(
    ("role", "get_status", "post_status"),
    [
        (None, 302, 302),
        ("user", 403, 403),
        ("moderator", 403, 403),
        ("forum_member", 403, 403),
        ("reporter", 403, 403),
        ("analyst", 200, 403),
        ("administrator", 200, 302),
    ],
)
def test_staff_pages_per_role(request, client, corpus, role, get_status, post_status):
    if role:
        client.force_login(request.getfixturevalue(role))
    url = f"/en/open-data/staff/{corpus['process'].slug}/"
    response = client.get(url)
    assert response.status_code == get_status
    if get_status == 302:
        assert "/account/" in response["Location"] or "login" in response["Location"]
    assert response.get("Cache-Control", "no-store").find("no-store") >= 0
    assert client.post(url, {"kind": "contributions"}).status_code == post_status


def test_staff_publish_and_progress_page(client, administrator, corpus):
    client.force_login(administrator)
    url = f"/en/open-data/staff/{corpus['process'].slug}/"
    bad = client.post(url, {"kind": "everything"})
    assert bad.status_code == 400
    assert not DataSetVersion.objects.exists()
    response = client.post(url, {"kind": "contributions"})
    version = DataSetVersion.objects.get()
    assert response["Location"].endswith(f"/versions/{version.pk}/")
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert 'id="build-progress"' in page.content.decode()
    again = client.post(url, {"kind": "contributions"})
    assert again.status_code == 400
    assert "already being built" in again.content.decode()

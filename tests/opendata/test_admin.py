"""The administration shows data set versions and files read-only, behind the second factor."""

from __future__ import annotations

import pytest

from coplan.opendata import services
from coplan.opendata.models import DataSetFile, DataSetStatus, DataSetVersion
from tests.security.helpers import verified_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(corpus, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.dataset_version_request(process=corpus["process"], kind="contributions")
    version = DataSetVersion.objects.get()
    assert version.status == DataSetStatus.PUBLISHED
    return version


@pytest.fixture
def mfa(settings):
    settings.COPLAN_STAFF_MFA_REQUIRED = True


def test_pages_load_for_a_verified_administrator_and_stay_read_only(
    client, administrator, published, mfa
):
    record = published.files.get(resource="contributions", format="csv")
    version_url = f"/en/admin/opendata/datasetversion/{published.pk}/change/"
    # Without the second factor, the administration sends the administrator to it.
    client.force_login(administrator)
    assert client.get(version_url).status_code == 302
    verified_session(client, administrator)
    for url in (
        "/en/admin/opendata/datasetversion/",
        "/fr/admin/opendata/datasetversion/",
        "/en/admin/opendata/datasetfile/",
        f"/en/admin/opendata/datasetfile/{record.pk}/change/",
    ):
        assert client.get(url).status_code == 200, url
    response = client.get(version_url)
    assert response.status_code == 200
    html = response.content.decode()
    # Every file with its checksum and a link to the published download; nothing to submit.
    assert record.sha256 in html and record.get_absolute_url() in html
    assert 'name="_save"' not in html and 'name="number"' not in html
    assert client.get("/en/admin/opendata/datasetversion/add/").status_code == 403
    assert client.get("/en/admin/opendata/datasetfile/add/").status_code == 403
    # A published version is final: it can be neither changed nor deleted.
    before = published.number
    response = client.post(version_url, {"number": before + 5, "status": "failed"})
    assert response.status_code == 403
    delete_url = f"/en/admin/opendata/datasetversion/{published.pk}/delete/"
    assert client.get(delete_url).status_code == 403
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    published.refresh_from_db()
    assert (published.number, published.status) == (before, DataSetStatus.PUBLISHED)
    assert DataSetFile.objects.filter(version=published).count() == published.files.count() > 0


def test_a_failed_version_can_be_removed(client, administrator, corpus, mfa):
    failed = DataSetVersion.objects.create(
        process=corpus["process"],
        kind="commitments",
        number=1,
        status=DataSetStatus.FAILED,
        failure="RuntimeError",
    )
    verified_session(client, administrator)
    response = client.post(
        f"/en/admin/opendata/datasetversion/{failed.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    assert not DataSetVersion.objects.filter(pk=failed.pk).exists()


@pytest.mark.parametrize("role", ["analyst", "moderator"])
def test_other_roles_are_refused(client, published, role, request):
    client.force_login(request.getfixturevalue(role))
    assert client.get("/en/admin/opendata/datasetversion/").status_code == 403
    url = f"/en/admin/opendata/datasetversion/{published.pk}/change/"
    assert client.get(url).status_code == 403


def test_anonymous_people_are_sent_to_sign_in(client, published):
    response = client.get("/en/admin/opendata/datasetversion/")
    assert response.status_code == 302
    assert "login" in response["Location"] or "sign-in" in response["Location"]

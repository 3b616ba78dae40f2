"""Staff intake pages: permissions per role, constant queries, uploads through the task queue."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coplan.contributions.models import Contribution
from coplan.intake.models import ImportRun, Mailbox
from tests.accounts.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

PAGES = ["/en/staff/intake/", "/en/staff/intake/import/notes/", "/en/staff/intake/import/social/"]


def sign_in(client, user):
    assert client.login(email=user.email, password=TEST_PASSWORD)


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302 and "/account/" in response["Location"]


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("role", ["user", "analyst", "forum_member", "reporter"])
def test_other_roles_are_refused(client, url, role, request):
    sign_in(client, request.getfixturevalue(role))
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("role", ["administrator", "moderator"])
def test_the_team_sees_the_pages_without_caching(client, url, role, request):
    sign_in(client, request.getfixturevalue(role))
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


def _runs(process, count):
    ImportRun.objects.bulk_create(
        [
            ImportRun(process=process, source="social", filename=f"f{n}.csv", rejected_count=1)
            for n in range(count)
        ]
    )


def test_index_query_count_does_not_grow(client, administrator, process):
    sign_in(client, administrator)
    Mailbox.objects.create(
        process=process, label="Inbox", host="mail.example.org", username="u", password_env="X"
    )
    _runs(process, 2)
    client.get("/en/staff/intake/")
    with CaptureQueriesContext(connection) as small:
        client.get("/en/staff/intake/")
    _runs(process, 40)
    Mailbox.objects.create(
        process=process, label="Other", host="mail.example.org", username="v", password_env="Y"
    )
    with CaptureQueriesContext(connection) as large:
        response = client.get("/en/staff/intake/")
    assert len(small) == len(large)
    assert "Download the rejects of import" in response.content.decode()


def test_index_in_french(client, administrator, process):
    sign_in(client, administrator)
    _runs(process, 1)
    html = client.get("/fr/staff/intake/").content.decode()
    assert "Importations" in html


def test_notes_upload_imports_through_the_task_and_shows_progress(client, moderator, process):
    sign_in(client, moderator)
    data = b"Topic,Text\nHealth,Publish wait times for every hospital please\n"
    response = client.post(
        "/en/staff/intake/import/notes/",
        {"process": process.pk, "file": SimpleUploadedFile("notes.csv", data)},
    )
    assert response.status_code == 302 and "/staff/progress/" in response["Location"]
    run = ImportRun.objects.get()
    assert run.imported_count == 1 and run.imported_by == moderator
    assert Contribution.objects.get().channel == "in_person"
    assert client.get(response["Location"]).status_code == 200


def test_social_upload_with_mapping(client, administrator, process):
    sign_in(client, administrator)
    data = b"Ref,Words,When\n77,Open data on lakes and rivers please,2018-01-02\n"
    response = client.post(
        "/en/staff/intake/import/social/",
        {
            "process": process.pk,
            "file": SimpleUploadedFile("posts.csv", data),
            "preset": "generic",
            "platform": "mastodon",
            "map_post_id": "Ref",
            "map_text": "Words",
            "map_posted_at": "When",
        },
    )
    assert response.status_code == 302
    assert Contribution.objects.get().external_ref == "mastodon:77"


def test_a_broken_file_is_a_failed_run_not_an_error_page(client, administrator, process):
    sign_in(client, administrator)
    response = client.post(
        "/en/staff/intake/import/notes/",
        {"process": process.pk, "file": SimpleUploadedFile("n.csv", b'text\n"open\n')},
        follow=True,
    )
    assert response.status_code == 200
    run = ImportRun.objects.get()
    assert run.state == "failed" and not Contribution.objects.exists()
    rejects = client.get(f"/en/staff/intake/runs/{run.pk}/rejects.csv")
    assert rejects.status_code == 200
    body = b"".join(rejects.streaming_content).decode()
    assert "quotation mark" in body


def test_empty_upload_is_a_form_error_in_french(client, administrator, process):
    sign_in(client, administrator)
    response = client.post(
        "/fr/staff/intake/import/notes/",
        {"process": process.pk, "file": SimpleUploadedFile("n.csv", b"")},
    )
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_posting_without_csrf_token_is_refused(administrator, process):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    sign_in(client, administrator)
    response = client.post(
        "/en/staff/intake/import/notes/",
        {"process": process.pk, "file": SimpleUploadedFile("n.csv", b"text\nx\n")},
    )
    assert response.status_code == 403

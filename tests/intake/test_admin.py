"""The intake admin: the team sees runs, downloads rejects and attachments; mailboxes are for
administrators; other roles see nothing of it."""

from __future__ import annotations

import pytest

from coplan.intake.email_import import email_files_import
from coplan.intake.models import EmailAttachment, ImportReject, ImportRun, Mailbox
from tests.accounts.factories import TEST_PASSWORD

from .messages import nested_with_attachments

pytestmark = pytest.mark.django_db


def sign_in(client, user):
    assert client.login(email=user.email, password=TEST_PASSWORD)


@pytest.fixture
def run_with_rejects(process):
    run = ImportRun.objects.create(
        process=process, source="notes", filename="notes.csv", state="done", rejected_count=2
    )
    ImportReject.objects.create(run=run, position=3, line=3, column="date", reason="Bad date")
    ImportReject.objects.create(
        run=run, position=5, line=5, reason="Empty text", raw='=cmd|"/c calc"!A1, "quoted"'
    )
    return run


@pytest.mark.parametrize("role", ["administrator", "moderator"])
def test_the_team_downloads_rejects_from_the_admin(client, role, request, run_with_rejects):
    sign_in(client, request.getfixturevalue(role))
    listing = client.get("/en/admin/intake/importrun/")
    assert listing.status_code == 200
    url = f"/en/admin/intake/importrun/{run_with_rejects.pk}/rejects.csv"
    assert url in listing.content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    body = b"".join(response.streaming_content).decode("utf-8")
    lines = body.lstrip("\ufeff").splitlines()
    assert lines[0] == "message or row,line,column,reason,excerpt"
    assert lines[1] == "3,3,date,Bad date,"
    # A formula in what an outsider wrote is neutralised for spreadsheets.
    assert lines[2] == '5,5,,Empty text,"\'=cmd|""/c calc""!A1, ""quoted"""'


def test_rejects_download_in_french(client, administrator, run_with_rejects):
    sign_in(client, administrator)
    response = client.get(f"/fr/admin/intake/importrun/{run_with_rejects.pk}/rejects.csv")
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.lstrip("\ufeff").startswith("message ou rangée,ligne,colonne,motif,extrait")


@pytest.mark.parametrize("role", ["analyst", "forum_member", "reporter"])
def test_other_staff_cannot_see_intake_in_the_admin(client, role, request, run_with_rejects):
    sign_in(client, request.getfixturevalue(role))
    assert client.get("/en/admin/intake/importrun/").status_code == 403
    url = f"/en/admin/intake/importrun/{run_with_rejects.pk}/rejects.csv"
    assert client.get(url).status_code == 403
    index = client.get("/en/admin/")
    assert "/en/admin/intake/" not in index.content.decode()


def test_anonymous_visitors_are_sent_to_the_admin_sign_in(client, run_with_rejects):
    response = client.get(f"/en/admin/intake/importrun/{run_with_rejects.pk}/rejects.csv")
    assert response.status_code == 302 and "login" in response["Location"]


def test_module_permission_shows_intake_to_the_team_only(client, moderator, administrator):
    sign_in(client, moderator)
    html = client.get("/en/admin/").content.decode()
    assert "/en/admin/intake/importrun/" in html
    assert "/en/admin/intake/mailbox/" not in html  # mailboxes are for administrators
    assert client.get("/en/admin/intake/mailbox/").status_code == 403
    client.logout()
    sign_in(client, administrator)
    html = client.get("/en/admin/").content.decode()
    assert "/en/admin/intake/mailbox/" in html
    assert client.get("/en/admin/intake/mailbox/").status_code == 200
    assert client.get("/en/admin/intake/mailbox/add/").status_code == 200


def test_runs_cannot_be_added_or_changed_in_the_admin(client, administrator, run_with_rejects):
    sign_in(client, administrator)
    assert client.get("/en/admin/intake/importrun/add/").status_code == 403
    page = client.get(f"/en/admin/intake/importrun/{run_with_rejects.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()


def test_attachments_download_as_files_never_rendered(client, moderator, process):
    (run,) = email_files_import(process=process, files=[("one.eml", nested_with_attachments())])
    attachment = EmailAttachment.objects.exclude(file="").first()
    assert attachment is not None, run.error
    sign_in(client, moderator)
    response = client.get(f"/en/admin/intake/emailattachment/{attachment.pk}/download")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    body = b"".join(response.streaming_content)
    response.close()
    with attachment.file.open("rb") as stored:
        assert body == stored.read()


def test_attachment_download_refused_to_other_roles(client, analyst, process):
    email_files_import(process=process, files=[("one.eml", nested_with_attachments())])
    attachment = EmailAttachment.objects.exclude(file="").first()
    sign_in(client, analyst)
    assert (
        client.get(f"/en/admin/intake/emailattachment/{attachment.pk}/download").status_code == 403
    )


def test_mailbox_admin_shows_failures_and_refuses_plain_text_to_a_remote_server(
    client, administrator, process
):
    Mailbox.objects.create(
        process=process,
        label="Inbox",
        host="mail.example.org",
        username="u",
        password_env="X",
        failure_count=2,
        last_error="Connection refused",
    )
    sign_in(client, administrator)
    assert "Failing: Connection refused" in client.get("/en/admin/intake/mailbox/").content.decode()
    form = {
        "process": process.pk,
        "label": "Remote",
        "host": "mail.example.org",
        "port": 143,
        "security": "none",
        "username": "consultation",
        "password_env": "lower-case",
        "folder": "INBOX",
        "poll_every_minutes": 10,
        "active": "on",
        "next_poll_at_0": "2018-01-01",
        "next_poll_at_1": "10:00:00",
    }
    response = client.post("/en/admin/intake/mailbox/add/", form)
    assert response.status_code == 200
    assert "capital letters" in response.content.decode()
    response = client.post("/en/admin/intake/mailbox/add/", {**form, "password_env": "MAIL_PW"})
    assert response.status_code == 200
    assert "only to this machine" in response.content.decode()
    assert Mailbox.objects.count() == 1
    response = client.post(
        "/en/admin/intake/mailbox/add/", {**form, "password_env": "MAIL_PW", "security": "tls"}
    )
    assert response.status_code == 302
    assert Mailbox.objects.get(label="Remote").port == 143

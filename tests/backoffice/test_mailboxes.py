"""Mailboxes from the back office: the password is never asked for nor shown (it stays in the
server's environment, the mailbox names the variable); "Test the connection" signs in to the
real IMAP server (Dovecot) and says what it found, or one clear line of what went wrong."""

from __future__ import annotations

import pytest

from coplan.intake.models import Mailbox


@pytest.fixture
def staff_client(client, administrator):
    client.force_login(administrator)
    return client


def _post(process, **overrides) -> dict:
    data = {
        "process": process.pk,
        "label": "Consultation inbox",
        "host": "127.0.0.1",
        "port": "1143",
        "security": "none",
        "username": "consultation",
        "password_env": "COPLAN_CONSULTATION_PASSWORD",
        "folder": "INBOX",
        "poll_every_minutes": "10",
        "active": "on",
    }
    return data | overrides


def test_a_mailbox_is_added_without_any_password_field(staff_client, process, monkeypatch):
    monkeypatch.setenv("COPLAN_CONSULTATION_PASSWORD", "s3cret-Value")
    form = staff_client.get("/en/staff/settings/mailboxes/new/").content.decode()
    assert 'type="password"' not in form and 'name="password"' not in form
    response = staff_client.post("/en/staff/settings/mailboxes/new/", _post(process))
    mailbox = Mailbox.objects.get()
    assert response["Location"] == f"/en/staff/settings/mailboxes/{mailbox.pk}/"
    page = staff_client.get(response["Location"]).content.decode()
    assert "COPLAN_CONSULTATION_PASSWORD" in page and "s3cret-Value" not in page


def test_bad_settings_are_refused_with_their_reasons_and_nothing_is_saved(staff_client, process):
    for bad, message in (
        ({"password_env": "my password"}, "seulement des majuscules"),
        ({"host": "mail.example.org"}, "permise que vers cette machine"),
        ({"port": "70000"}, "inférieure ou égale à 65535"),
    ):
        response = staff_client.post("/fr/staff/settings/mailboxes/new/", _post(process, **bad))
        assert response.status_code == 400
        page = response.content.decode()
        assert 'id="error-summary"' in page and message in page
    assert not Mailbox.objects.exists()


def test_switching_a_mailbox_off_stops_its_polling(staff_client, process):
    staff_client.post("/en/staff/settings/mailboxes/new/", _post(process))
    mailbox = Mailbox.objects.get()
    data = _post(process)
    del data["active"]
    staff_client.post(f"/en/staff/settings/mailboxes/{mailbox.pk}/", data)
    mailbox.refresh_from_db()
    assert not mailbox.active
    assert "Switched off" in staff_client.get("/en/staff/settings/mailboxes/").content.decode()


def test_the_connection_test_signs_in_to_the_real_server(staff_client, dovecot, mailbox, mail_user):
    from tests.intake import messages as fixtures

    dovecot.append(mail_user, fixtures.every_fixture()[:2])
    response = staff_client.post(f"/en/staff/settings/mailboxes/{mailbox.pk}/test/", follow=True)
    assert (
        "The connection works: 2 unread messages wait in the folder." in response.content.decode()
    )
    # Nothing was read: the messages are still unseen for the next poll.
    assert dovecot.flags(mail_user) == [False, False]


def test_a_wrong_password_is_one_clear_line_without_the_password(
    staff_client,
    mailbox,
    monkeypatch,
):
    monkeypatch.setenv("COPLAN_TEST_MAIL_PASSWORD", "wrong-Secret")
    response = staff_client.post(f"/fr/staff/settings/mailboxes/{mailbox.pk}/test/", follow=True)
    page = response.content.decode()
    assert "La connexion a échoué" in page
    assert "wrong-Secret" not in page


def test_a_missing_variable_is_said_plainly(staff_client, mailbox, monkeypatch):
    monkeypatch.delenv("COPLAN_TEST_MAIL_PASSWORD")
    response = staff_client.post(f"/en/staff/settings/mailboxes/{mailbox.pk}/test/", follow=True)
    assert "COPLAN_TEST_MAIL_PASSWORD, which should hold the password, is not set" in (
        response.content.decode()
    )

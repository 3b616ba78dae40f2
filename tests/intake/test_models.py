"""The intake models' own rules (intake.models): a mailbox's password named by a variable, never
plain text to a remote server, its back-off after failures, and attachments stored under a
name that holds nothing of the sender's."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from coplan.intake.models import MAILBOX_MAX_BACKOFF, EmailAttachment, Mailbox, attachment_path


def _mailbox(**fields) -> Mailbox:
    values = {"host": "imap.example.org", "password_env": "COPLAN_MAILBOX_PASSWORD", **fields}
    return Mailbox(label="Consultation", username="consultation", **values)


def test_the_password_variable_is_a_name_not_a_password():
    _mailbox().clean()
    for bad in ("hunter2!", "coplan password", "lower_case"):
        with pytest.raises(ValidationError) as error:
            _mailbox(password_env=bad).clean()
        assert "password_env" in error.value.message_dict


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "::1"])
def test_an_unencrypted_connection_is_allowed_to_this_machine_only(host):
    _mailbox(host=host, security="none").clean()


@pytest.mark.parametrize("host", ["imap.example.org", "192.0.2.10", "not a host"])
def test_an_unencrypted_connection_to_another_machine_is_refused(host):
    with translation.override("fr"):
        with pytest.raises(ValidationError) as error:
            _mailbox(host=host, security="none").clean()
        assert error.value.message_dict["security"] == [
            "Une connexion non chiffrée n’est permise que vers cette machine."
        ]


def test_a_failing_mailbox_waits_longer_each_time_up_to_a_ceiling():
    assert _mailbox(poll_every_minutes=10).backoff() == datetime.timedelta(minutes=10)
    assert not _mailbox().is_failing
    waits = [_mailbox(failure_count=n).backoff() for n in (1, 2, 3, 4)]
    assert waits == [datetime.timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert _mailbox(failure_count=1).is_failing
    assert _mailbox(failure_count=40).backoff() == MAILBOX_MAX_BACKOFF


def test_an_attachment_is_stored_under_its_fingerprint_not_its_name():
    attachment = EmailAttachment(filename="Jane Roe passport.pdf", sha256="ab" * 32)
    path = attachment_path(attachment, "Jane Roe passport.pdf")
    assert path.startswith("intake/attachments/") and path.endswith("/" + "ab" * 16)
    assert "Jane" not in path

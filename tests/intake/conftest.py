"""A real Dovecot for the email tests: one per test session, one mail user per test."""

from __future__ import annotations

import itertools
import os
import tempfile
from pathlib import Path

import pytest

from coplan.intake.models import Mailbox

from .dovecot import Dovecot

_users = itertools.count(1)


@pytest.fixture(scope="session")
def dovecot():
    root = Path(tempfile.mkdtemp(prefix="coplan-dovecot-"))
    # The mail processes run as another user and must reach it.
    os.chmod(root, 0o755)  # noqa: S103
    server = Dovecot.start(root)
    yield server
    server.stop()


@pytest.fixture
def mail_user(dovecot, monkeypatch):
    """A fresh mail account (empty INBOX) from the pool; its password in the environment."""
    username = f"user{next(_users)}"
    password = dovecot.users[username]
    monkeypatch.setenv("COPLAN_TEST_MAIL_PASSWORD", password)
    monkeypatch.setenv("COPLAN_IMAP_CA_FILE", str(dovecot.cafile))
    return username


@pytest.fixture
def mailbox(process, dovecot, mail_user):
    return Mailbox.objects.create(
        process=process,
        label="Consultation inbox",
        host="127.0.0.1",
        port=dovecot.port,
        security=Mailbox.Security.NONE,
        username=mail_user,
        password_env="COPLAN_TEST_MAIL_PASSWORD",
        poll_every_minutes=10,
    )

"""The mailbox pages test their connection against the intake tests' real Dovecot."""

from tests.intake.conftest import dovecot, mail_user, mailbox  # noqa: F401

"""Email intake against a real Dovecot IMAP server on loopback."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from coplan.contributions.models import Contribution, ContributorContact
from coplan.intake.email_import import (
    MailboxError,
    email_files_import,
    mailbox_fetch,
    mailbox_poll,
    mailboxes_poll_due,
)
from coplan.intake.mail import MESSAGE_MAX_BYTES
from coplan.intake.models import EmailAttachment, ImportRun, Mailbox

from . import messages

pytestmark = pytest.mark.django_db(transaction=False)


def by_ref(ref: str) -> Contribution:
    return Contribution.objects.get(channel="email", external_ref=ref)


def test_every_fixture_is_imported_from_imap_then_flagged_seen(dovecot, mailbox, mail_user):
    """Each kind of message becomes one pending email contribution; all end up \\Seen."""
    dovecot.append(mail_user, messages.every_fixture())
    assert dovecot.flags(mail_user) == [False] * 8

    run = mailbox_fetch(mailbox=mailbox)

    assert run.state == ImportRun.State.DONE, run.error
    assert (run.read_count, run.imported_count, run.rejected_count) == (8, 8, 0)
    assert dovecot.flags(mail_user) == [True] * 8
    assert set(Contribution.objects.values_list("channel", "moderation_state", "kind")) == {
        ("email", "pending", "submission")
    }

    latin1 = by_ref("msgid:qp-latin1@example.ca")
    assert "qualité de l'eau potable dans chaque municipalité" in latin1.text
    assert latin1.title == "Qualité de l'eau" and latin1.language == "fr"
    assert latin1.received_at == datetime.datetime(2017, 11, 20, 15, 15, tzinfo=datetime.UTC)
    assert latin1.phase.kind == "planning"
    assert latin1.provenance["mailbox"] == mailbox.pk and latin1.provenance["source"] == "imap"
    # The sender is personal information: in ContributorContact, not in the text.
    contact = ContributorContact.objects.get(contribution=latin1)
    assert (contact.name, contact.email) == ("Hélène Côté", "helene.cote@example.ca")
    assert "helene" not in latin1.text.lower()

    cp1252 = by_ref("msgid:b64-cp1252@example.ca")
    assert cp1252.text.startswith("L’œuvre du gouvernement ouvert") and "« de moins" in cp1252.text

    alternative = by_ref("msgid:alt@example.org")
    assert alternative.text.endswith("in plain text.") and alternative.language == "en"

    html = by_ref("msgid:html-only@example.org")
    assert "release budget data & spending." in html.text and "Monthly updates" in html.text
    assert "alert" not in html.text and "color" not in html.text and "Earlier" not in html.text

    nested = by_ref("msgid:nested@example.org")
    assert nested.text.startswith("Please find our brief attached; we support open contracting.")
    assert "Brief: publish procurement data quarterly." in nested.text  # from the PDF
    assert "Annex: open data on grants and contributions." in nested.text  # from the .txt
    attachments = {a.filename: a for a in EmailAttachment.objects.filter(contribution=nested)}
    assert set(attachments) == {"brief.pdf", "annex.txt", "chart.png"}
    assert attachments["chart.png"].content_type == "image/png"
    assert attachments["chart.png"].size == 72 and attachments["chart.png"].file
    assert attachments["brief.pdf"].text_extracted and attachments["brief.pdf"].file
    assert attachments["annex.txt"].text_extracted and not attachments["annex.txt"].file
    assert [a["name"] for a in nested.provenance["attachments"]] == [
        "brief.pdf",
        "annex.txt",
        "chart.png",
    ]

    undated = Contribution.objects.get(external_ref__startswith="sha256:")
    assert abs(undated.received_at - timezone.now()) < datetime.timedelta(minutes=5)
    assert "open science" in undated.text

    broken = by_ref("msgid:invalid-headers@example.org")
    assert broken.text == (
        "Despite the broken headers, this text about open data should be imported."
    )
    assert "Données" in broken.title

    reply = by_ref("msgid:reply@example.org")
    assert reply.text == "I agree with making access-to-information requests searchable online."


def test_fetching_again_adds_nothing_even_if_messages_are_unseen_again(dovecot, mailbox, mail_user):
    dovecot.append(mail_user, messages.every_fixture()[:3])
    mailbox_fetch(mailbox=mailbox)
    connection = dovecot.connect(mail_user)
    connection.select("INBOX")
    connection.store("1:*", "-FLAGS", "(\\Seen)")
    connection.logout()
    again = mailbox_fetch(mailbox=mailbox)
    assert (again.read_count, again.imported_count, again.duplicate_count) == (3, 0, 3)
    assert Contribution.objects.count() == 3
    # Nothing new: a third poll reads nothing.
    assert mailbox_fetch(mailbox=mailbox).read_count == 0


def test_bad_messages_are_rejects_and_the_rest_imports(dovecot, mailbox, mail_user):
    dovecot.append(
        mail_user,
        [
            messages.undecodable(),
            messages.oversized(MESSAGE_MAX_BYTES),
            messages.alternative(),
        ],
    )
    run = mailbox_fetch(mailbox=mailbox)
    assert (run.read_count, run.imported_count, run.rejected_count) == (3, 1, 2)
    reasons = list(run.rejects.order_by("position").values_list("reason", flat=True))
    assert "cannot be recognised" in reasons[0] and "larger than 15 MB" in reasons[1]
    assert not Contribution.objects.filter(external_ref="msgid:undecodable@example.org").exists()
    # Rejected messages are flagged seen too (recorded), so they are not re-read forever.
    assert dovecot.flags(mail_user) == [True, True, True]


def test_tls_connection_with_a_verified_certificate(dovecot, mailbox, mail_user):
    mailbox.security = Mailbox.Security.TLS
    mailbox.port = dovecot.tls_port
    mailbox.save()
    dovecot.append(mail_user, [messages.alternative()])
    assert mailbox_fetch(mailbox=mailbox).imported_count == 1


def test_starttls_connection(dovecot, mailbox, mail_user):
    mailbox.security = Mailbox.Security.STARTTLS
    mailbox.save()
    dovecot.append(mail_user, [messages.alternative()])
    assert mailbox_fetch(mailbox=mailbox).imported_count == 1


def test_tls_with_an_untrusted_certificate_fails_clearly(dovecot, mailbox, monkeypatch):
    monkeypatch.delenv("COPLAN_IMAP_CA_FILE")
    mailbox.security = Mailbox.Security.TLS
    mailbox.port = dovecot.tls_port
    mailbox.save()
    with pytest.raises(MailboxError, match="Secure connection to 127.0.0.1"):
        mailbox_fetch(mailbox=mailbox)


def test_wrong_password_is_one_clear_line_and_nonzero_exit(mailbox, monkeypatch):
    monkeypatch.setenv("COPLAN_TEST_MAIL_PASSWORD", "wrong")
    with pytest.raises(CommandError) as caught:
        call_command("intake", "email", "--mailbox", str(mailbox.pk))
    message = str(caught.value)
    assert "refused the user name or password" in message and "\n" not in message
    assert "wrong" not in message
    run = ImportRun.objects.get()
    assert run.state == ImportRun.State.FAILED
    mailbox.refresh_from_db()
    assert mailbox.failure_count == 1 and "refused" in mailbox.last_error


def test_unreachable_server_is_one_clear_line(mailbox):
    from .dovecot import free_port

    mailbox.port = free_port()
    mailbox.save()
    with pytest.raises(CommandError, match="Cannot reach the mail server"):
        call_command("intake", "email", "--mailbox", mailbox.label)


def test_missing_password_variable_says_which(mailbox, monkeypatch):
    monkeypatch.delenv("COPLAN_TEST_MAIL_PASSWORD")
    with pytest.raises(MailboxError, match="COPLAN_TEST_MAIL_PASSWORD"):
        mailbox_fetch(mailbox=mailbox)


def test_missing_folder_is_an_error(mailbox):
    mailbox.folder = "Nope"
    mailbox.save()
    with pytest.raises(MailboxError, match="“Nope” does not exist"):
        mailbox_fetch(mailbox=mailbox)


def test_failing_mailbox_backs_off_and_recovers(mailbox, monkeypatch, dovecot, mail_user):
    """Failures double the wait (1, 2, 4 minutes…); a success resets to the poll interval."""
    good = mailbox.__class__.objects.get(pk=mailbox.pk)
    monkeypatch.setenv("COPLAN_TEST_MAIL_PASSWORD", "wrong")
    waits = []
    for _attempt in range(3):
        Mailbox.objects.filter(pk=mailbox.pk).update(next_poll_at=timezone.now())
        before = timezone.now()
        assert mailboxes_poll_due() == {"polled": 1, "failed": 1}
        mailbox.refresh_from_db()
        waits.append(round((mailbox.next_poll_at - before).total_seconds() / 60))
    assert waits == [1, 2, 4] and mailbox.failure_count == 3
    # Not due yet: nothing polled.
    assert mailboxes_poll_due() == {"polled": 0, "failed": 0}

    monkeypatch.setenv("COPLAN_TEST_MAIL_PASSWORD", dovecot.users[mail_user])
    dovecot.append(mail_user, [messages.alternative()])
    mailbox_poll(mailbox=good)
    good.refresh_from_db()
    assert good.failure_count == 0 and good.last_error == "" and good.last_success_at
    assert Contribution.objects.count() == 1


def test_eml_and_mbox_files(process, tmp_path):
    eml = tmp_path / "one.eml"
    eml.write_bytes(messages.quoted_printable_latin1())
    mbox = tmp_path / "archive.mbox"
    mbox.write_bytes(
        b"".join(
            b"From sender@example.org Mon Jan 15 10:00:00 2018\n"
            + raw.replace(b"\r\n", b"\n").replace(b"\nFrom ", b"\n>From ")
            + b"\n"
            for raw in [
                messages.alternative(),
                messages.html_only(),
                messages.undecodable(),
                messages.quoted_printable_latin1(),
            ]
        )
    )
    call_command("intake", "email", "--process", process.slug, str(eml), str(mbox))
    runs = list(ImportRun.objects.order_by("pk"))
    assert [
        (r.read_count, r.imported_count, r.duplicate_count, r.rejected_count) for r in runs
    ] == [
        (1, 1, 0, 0),
        (4, 2, 1, 1),
    ]
    assert Contribution.objects.filter(channel="email").count() == 3
    # Twice: nothing more.
    email_files_import(process=process, files=[("archive.mbox", mbox.read_bytes())])
    assert Contribution.objects.filter(channel="email").count() == 3


@pytest.mark.django_db
def test_a_long_email_is_kept_whole(process):
    """A brief of about 4 MB of text sent by email becomes one contribution holding every
    character of it: never cut, never refused for its length."""
    paragraph = "The government should publish every contract over $10,000 within 30 days. "
    body = "\n\n".join(f"{n}. {paragraph * 8}" for n in range(7000))
    assert len(body) > 4_000_000
    raw = (
        "From: Brief Writer <brief@example.org>\r\n"
        "To: ouvert@example.gc.ca\r\n"
        "Subject: Our brief\r\n"
        "Date: Mon, 15 Jan 2018 10:00:00 -0500\r\n"
        "Message-ID: <long-brief@example.org>\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n"
        "\r\n" + body.replace("\n", "\r\n") + "\r\n"
    ).encode()
    [run] = email_files_import(process=process, files=[("brief.eml", raw)])
    assert (run.imported_count, run.rejected_count) == (1, 0)
    stored = Contribution.objects.get(channel="email")
    assert stored.text == body.strip()  # surrounding whitespace only is trimmed

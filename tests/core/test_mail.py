"""Transactional messages sent at most once per key: a second run sends nothing, an SMTP failure
releases the message for the retry, a lapsed claim is sent again with the same Message-ID."""

from __future__ import annotations

import datetime
import smtplib

import pytest
import time_machine
from django.core import mail
from django.core.mail import EmailMessage
from django.utils import timezone

from coplan.core.mail import KEEP_SENT, message_id, outgoing_mail_prune, send_once
from coplan.core.models import OutgoingMail

pytestmark = pytest.mark.django_db


def build() -> EmailMessage:
    return EmailMessage("Confirmez", "Le lien", to=["person@example.ca"])


def test_the_message_id_is_stable_per_key_and_names_no_address(settings):
    settings.COPLAN_SITE_URL = "https://coplan.example.ca"
    first = message_id("confirm:12")
    assert first == message_id("confirm:12") != message_id("confirm:13")
    assert first.startswith("<confirm.") and first.endswith("@coplan.example.ca>")
    digest = first.split("@")[0].removeprefix("<confirm.")
    assert len(digest) == 32 and int(digest, 16) >= 0


def test_a_second_run_sends_nothing():
    assert send_once("confirm:12", build) is True
    assert send_once("confirm:12", build) is False
    assert len(mail.outbox) == 1
    assert mail.outbox[0].extra_headers["Message-ID"] == message_id("confirm:12")
    stored = OutgoingMail.objects.get()
    assert stored.sent_at is not None and stored.attempts == 1


def test_an_smtp_failure_releases_the_claim_for_the_retry():
    def failing() -> EmailMessage:
        raise smtplib.SMTPServerDisconnected("gone")

    with pytest.raises(smtplib.SMTPServerDisconnected):
        send_once("access:4", failing)
    assert OutgoingMail.objects.get().claimed_at is None
    assert send_once("access:4", build) is True
    assert OutgoingMail.objects.get().attempts == 2


def test_a_live_claim_is_left_alone_and_a_lapsed_one_sent_again(settings):
    settings.COPLAN_DELIVERY_LEASE_SECONDS = 300
    now = timezone.now()
    OutgoingMail.objects.create(key="confirm:7", claim="dead", claimed_at=now, attempts=1)
    assert send_once("confirm:7", build) is False
    with time_machine.travel(now + datetime.timedelta(seconds=301)):
        assert send_once("confirm:7", build) is True
    assert len(mail.outbox) == 1 and OutgoingMail.objects.get().attempts == 2


def test_messages_are_forgotten_after_their_keeping_period():
    send_once("confirm:1", build)
    later = timezone.now() + KEEP_SENT + datetime.timedelta(minutes=1)
    assert outgoing_mail_prune(now=timezone.now()) == 0
    assert outgoing_mail_prune(now=later) == 1
    assert not OutgoingMail.objects.exists()

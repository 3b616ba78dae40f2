"""Emails to registrants (events.tasks): in their language, the calendar file attached when they
have a seat or lose it, and each change told once however often the task runs."""

from __future__ import annotations

import pytest
from django.core import mail

from coplan.events.tasks import registration_email_send
from tests.events.factories import EventFactory
from tests.events.helpers import register

pytestmark = pytest.mark.django_db


def test_a_seat_is_confirmed_in_french_with_the_calendar_file():
    event = EventFactory(capacity=5, title_fr="Séance sur les données")
    registration = register(event, 1, language="fr")
    mail.outbox.clear()
    assert registration_email_send.call(registration.pk, "confirmed") is True
    (message,) = mail.outbox
    assert message.to == ["person1@example.org"]
    assert message.subject.startswith("Votre inscription est confirmée")
    assert message.subject.endswith("Séance sur les données")
    assert registration.token in message.body
    (name, body, content_type) = message.attachments[0]
    assert name == f"session-{event.pk}.ics" and "METHOD:PUBLISH" in body
    assert content_type == "text/calendar; method=PUBLISH"


def test_the_waitlist_has_no_calendar_and_a_cancellation_cancels_it():
    event = EventFactory(capacity=5)
    registration = register(event, 1)
    mail.outbox.clear()
    registration_email_send.call(registration.pk, "waitlisted")
    registration_email_send.call(registration.pk, "cancelled")
    waitlisted, cancelled = mail.outbox
    assert waitlisted.subject.startswith("You are on the waitlist") and not waitlisted.attachments
    assert cancelled.subject.startswith("Your registration is cancelled")
    assert "METHOD:CANCEL" in cancelled.attachments[0][1]


def test_each_change_is_told_once_and_a_later_change_again():
    registration = register(EventFactory(capacity=5), 1)
    mail.outbox.clear()
    registration_email_send.call(registration.pk, "confirmed", at=100.0)
    registration_email_send.call(registration.pk, "confirmed", at=100.0)
    assert len(mail.outbox) == 1
    registration_email_send.call(registration.pk, "confirmed", at=200.0)
    assert len(mail.outbox) == 2


def test_unknown_kinds_and_missing_registrations():
    with pytest.raises(ValueError, match="unknown registration email"):
        registration_email_send.call(1, "maybe")
    assert registration_email_send.call(0, "confirmed") is False
    assert mail.outbox == []

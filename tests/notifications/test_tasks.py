"""The background jobs of notifications (notifications.tasks): the double opt-in message sent
once per request, in the subscriber's language, and jobs about things gone doing nothing."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from coplan.notifications.models import Subscriber
from coplan.notifications.tasks import announcement_fanout, confirmation_send

pytestmark = pytest.mark.django_db


def test_the_confirmation_goes_once_per_request_in_the_subscribers_language():
    subscriber = Subscriber.objects.create(email="lecteur@example.org", language="fr")
    assert confirmation_send.call(subscriber.pk) is True
    assert confirmation_send.call(subscriber.pk) is False
    (message,) = mail.outbox
    assert message.to == ["lecteur@example.org"]
    assert message.subject.startswith("Veuillez confirmer votre abonnement")
    assert "/fr/" in message.body
    # Asked again later: a new message with a new link.
    subscriber.confirmation_sent_at = timezone.now() + datetime.timedelta(minutes=5)
    subscriber.save()
    assert confirmation_send.call(subscriber.pk) is True
    assert len(mail.outbox) == 2


def test_nothing_is_sent_to_an_address_that_left_or_for_what_is_gone():
    gone = Subscriber.objects.create(email="gone@example.org", unsubscribed_at=timezone.now())
    assert confirmation_send.call(gone.pk) is False
    assert confirmation_send.call(0) is False
    assert announcement_fanout.call(0) == 0
    assert mail.outbox == []

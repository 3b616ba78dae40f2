"""A single transactional email (a support's or an answer's confirmation link, a subscription's
confirmation, an access link) is sent once even when its task runs again: claimed before SMTP,
recorded after, like announcements' deliveries (coplan.core.mail)."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone

from coplan.contributions import voice
from coplan.contributions.tasks import address_confirmation_send
from coplan.core import mail as mail_once
from coplan.core.models import OutgoingMail
from coplan.notifications import services as notification_services
from coplan.notifications.tasks import confirmation_send
from coplan.privacy.models import AccessRequest
from coplan.privacy.tasks import access_link_send
from coplan.processes.models import Opportunity
from tests.contributions.factories import ContributionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def support(open_ideas):
    Opportunity.objects.filter(pk=open_ideas.pk).update(
        voice_rule=Opportunity.VoiceRule.CONFIRMED_EMAIL
    )
    idea = ContributionFactory(opportunity=Opportunity.objects.get(pk=open_ideas.pk))
    return voice.support_request(idea=idea, email="p@example.org", language="en")


class _WorkerDied(BaseException):
    """The worker killed between handing the message to SMTP and recording it as sent."""


def test_a_confirmation_task_run_twice_sends_one_message(support):
    assert address_confirmation_send.call("support", support.pk) is True
    assert address_confirmation_send.call("support", support.pk) is False
    assert len(mail.outbox) == 1
    assert mail.outbox[0].extra_headers["Message-ID"] == mail_once.message_id(
        f"support-confirm:{support.pk}:{support.created_at.timestamp()}"
    )


def test_a_worker_killed_after_sending_sends_nothing_twice_within_the_lease(support, settings):
    """Killed after SMTP took the message: the task run again sends nothing while the claim
    lives; once it lapses, the message goes again with the same Message-ID (mail systems that
    got the first copy drop the second)."""
    with (
        mock.patch.object(mail_once, "_record_sent", side_effect=_WorkerDied),
        pytest.raises(_WorkerDied),
    ):
        address_confirmation_send.call("support", support.pk)
    assert len(mail.outbox) == 1
    assert address_confirmation_send.call("support", support.pk) is False
    assert len(mail.outbox) == 1
    lapsed = timezone.now() - datetime.timedelta(seconds=settings.COPLAN_DELIVERY_LEASE_SECONDS + 1)
    OutgoingMail.objects.update(claimed_at=lapsed)
    assert address_confirmation_send.call("support", support.pk) is True
    assert address_confirmation_send.call("support", support.pk) is False
    first, second = mail.outbox
    assert first.extra_headers["Message-ID"] == second.extra_headers["Message-ID"]


def test_an_smtp_failure_releases_the_message_for_the_retry(support):
    with (
        mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError("down")),
        pytest.raises(OSError),
    ):
        address_confirmation_send.call("support", support.pk)
    assert address_confirmation_send.call("support", support.pk) is True
    assert len(mail.outbox) == 1


def test_asking_again_is_a_new_message(support):
    address_confirmation_send.call("support", support.pk)
    again = voice.support_request(idea=support.contribution, email="p@example.org", language="en")
    assert address_confirmation_send.call("support", again.pk) is True
    assert len(mail.outbox) == 2


def test_subscription_confirmations_and_access_links_are_sent_once(process):
    outcome = notification_services.subscription_request(
        email="s@example.org",
        language="fr",
        frequency="immediate",
        process=process,
        kinds=["phase_opened"],
    )
    for _ in range(2):
        confirmation_send.call(outcome.subscriber.pk)
    access = AccessRequest.objects.create(email="a@example.org", language="en")
    for _ in range(2):
        access_link_send.call(str(access.pk))
    assert sorted(message.to[0] for message in mail.outbox) == ["a@example.org", "s@example.org"]
    # A new request for the same address is a new message.
    notification_services.subscription_request(
        email="s@example.org",
        language="fr",
        frequency="immediate",
        process=process,
        kinds=["phase_opened"],
    )
    confirmation_send.call(outcome.subscriber.pk)
    assert len(mail.outbox) == 3

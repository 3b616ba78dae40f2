"""The mail queue's confirmation task: it sends a waiting record's link by its id (the address
never travels through the queue), and nothing once the record is gone or confirmed."""

from __future__ import annotations

import pytest
from django.utils import timezone

from coplan.contributions import voice
from coplan.contributions.models import Support
from coplan.contributions.tasks import address_confirmation_send
from coplan.processes.models import Opportunity
from tests.contributions.factories import ContributionFactory

pytestmark = pytest.mark.django_db


def test_the_task_sends_the_link_of_a_waiting_record_only(open_ideas, mailoutbox):
    Opportunity.objects.filter(pk=open_ideas.pk).update(voice_rule="confirmed_email")
    open_ideas.refresh_from_db()
    idea = ContributionFactory(opportunity=open_ideas)
    support = voice.support_request(idea=idea, email="jean@example.org", language="en")
    mailoutbox.clear()
    assert address_confirmation_send.call(voice.KIND, support.pk)
    assert [message.to for message in mailoutbox] == [["jean@example.org"]]
    Support.objects.filter(pk=support.pk).update(confirmed_at=timezone.now())
    assert not address_confirmation_send.call(voice.KIND, support.pk)
    assert not address_confirmation_send.call(voice.KIND, support.pk + 1000)
    assert len(mailoutbox) == 1

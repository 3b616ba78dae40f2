"""Contribution follow-ups end with their consultation, so the address they hold falls under
the subscribers' retention rule (de-identified after unsubscribing)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from coplan.contributions.followup import followup_request
from coplan.notifications.followups import contribution_followups_end
from coplan.notifications.models import Subscriber, Subscription
from tests.contributions.factories import ContributionFactory
from tests.processes.factories import OpportunityFactory, ProcessFactory

pytestmark = pytest.mark.django_db


def _idea(process):
    opportunity = OpportunityFactory(phase=process.phases.get(kind="development"), kind="ideas")
    return ContributionFactory(opportunity=opportunity)


def _confirm_all() -> None:
    now = timezone.now()
    Subscriber.objects.update(confirmed_at=now)
    Subscription.objects.update(confirmed_at=now)


def test_followups_of_an_ended_consultation_end_and_lone_addresses_are_unsubscribed(process):
    """The process ended (its last phase is over): its contributions' follow-ups are removed,
    an address that followed nothing else is unsubscribed (fresh token, old links stop), an
    address that also follows news keeps that; an ongoing consultation is not touched."""
    ongoing = ProcessFactory(starts_on=timezone.localdate() - datetime.timedelta(days=30))
    followup_request(
        contribution=_idea(process), email="only@example.org", language="fr", user=None
    )
    followup_request(
        contribution=_idea(process), email="also@example.org", language="en", user=None
    )
    followup_request(
        contribution=_idea(ongoing), email="ongoing@example.org", language="en", user=None
    )
    also = Subscriber.objects.get(email="also@example.org")
    Subscription.objects.create(
        subscriber=also, process=process, kinds=Subscription.encode_kinds(["report_published"])
    )
    _confirm_all()
    only = Subscriber.objects.get(email="only@example.org")
    token = only.token

    assert contribution_followups_end() == {"followups": 2, "unsubscribed": 1}
    only.refresh_from_db()
    assert only.unsubscribed_at is not None and only.token != token
    also.refresh_from_db()
    assert also.unsubscribed_at is None
    assert list(also.subscriptions.values_list("target_type", flat=True)) == [None]
    ongoing_subscriber = Subscriber.objects.get(email="ongoing@example.org")
    assert ongoing_subscriber.unsubscribed_at is None
    assert ongoing_subscriber.subscriptions.count() == 1
    # A second run changes nothing.
    assert contribution_followups_end() == {"followups": 0, "unsubscribed": 0}

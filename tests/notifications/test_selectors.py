"""What a signed-in person sees of their subscriptions (notifications.selectors): the addresses
they subscribed while signed in and still subscribed, never one matched by address alone."""

from __future__ import annotations

import pytest
from django.utils import timezone

from coplan.notifications.models import Subscriber, Subscription
from coplan.notifications.selectors import subscribers_of, subscriptions_for
from tests.accounts.factories import UserFactory
from tests.commitments.factories import make_commitment

pytestmark = pytest.mark.django_db


def test_only_the_persons_own_current_addresses(user):
    mine = Subscriber.objects.create(email="me@example.org", user=user)
    second = Subscriber.objects.create(email="me.too@example.org", user=user)
    Subscriber.objects.create(email="old@example.org", user=user, unsubscribed_at=timezone.now())
    # The account's own address, subscribed without signing in: not theirs to manage here.
    Subscriber.objects.create(email=user.email)
    Subscriber.objects.create(email="other@example.org", user=UserFactory())
    assert subscribers_of(user) == [mine, second]


def test_their_subscriptions_with_process_and_target_in_fixed_queries(
    user, process, django_assert_num_queries
):
    subscriber = Subscriber.objects.create(email="me@example.org", user=user)
    commitment = make_commitment(process)
    on_process = Subscription.objects.create(
        subscriber=subscriber, process=process, kinds="phase_opened"
    )
    on_commitment = Subscription.objects.create(
        subscriber=subscriber, process=process, target=commitment
    )
    Subscription.objects.create(
        subscriber=Subscriber.objects.create(email="other@example.org"), process=process
    )
    with django_assert_num_queries(2):
        found = subscriptions_for([subscriber])
        assert [s.process.slug for s in found] == [process.slug, process.slug]
        assert found[1].target == commitment and found[0].target is None
    assert found == [on_process, on_commitment]
    assert subscriptions_for([]) == []

"""Subscribing: what a request may change on an address, and when it must be confirmed again."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from coplan.notifications.models import Subscriber, Subscription
from coplan.notifications.subscribing import (
    subscriber_by_token,
    subscriber_unsubscribe,
    subscription_request,
)

pytestmark = pytest.mark.django_db

EMAIL = "Reader@Example.org"


def _request(process, kinds=("phase_opened",), **changes):
    wishes = {"language": "en", "frequency": "immediate", **changes}
    return subscription_request(email=EMAIL, process=process, kinds=kinds, **wishes)


def test_an_address_that_left_and_comes_back_confirms_again_with_fresh_links(process):
    subscriber = _request(process).subscriber
    Subscriber.objects.filter(pk=subscriber.pk).update(confirmed_at=timezone.now(), bounce_count=2)
    old_token = subscriber.token
    assert subscriber_unsubscribe(token=old_token)
    back = _request(process, language="fr").subscriber
    assert back.pk == subscriber.pk
    assert (back.email, back.confirmed_at, back.unsubscribed_at) == (
        "reader@example.org",
        None,
        None,
    )
    assert (back.bounce_count, back.language) == (0, "fr")
    assert back.token != old_token and subscriber_by_token(old_token) is None


def test_nobody_changes_a_confirmed_addresss_preferences_by_subscribing_it_again(process):
    subscriber = _request(process).subscriber
    Subscriber.objects.filter(pk=subscriber.pk).update(confirmed_at=timezone.now())
    again = _request(process, language="fr", frequency="weekly").subscriber
    assert (again.language, again.frequency) == ("en", "immediate")


def test_news_of_a_new_kind_waits_for_confirmation_and_the_same_kinds_stay_confirmed(process):
    _request(process)
    Subscription.objects.update(confirmed_at=timezone.now())
    _request(process)
    assert Subscription.objects.get().confirmed_at is not None
    _request(process, kinds=("report_published",))
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is None
    assert set(subscription.kind_list) == {"phase_opened", "report_published"}


def test_a_process_subscription_needs_a_kind_it_knows(process):
    with pytest.raises(ValidationError):
        _request(process, kinds=("no_such_kind",))
    assert not Subscriber.objects.exists()

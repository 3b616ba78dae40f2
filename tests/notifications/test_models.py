"""The subscription records (notifications.models): the kinds of news followed stored so that one
LIKE finds them, read back in the form's order and named in the page's language, and who is
active."""

from __future__ import annotations

from django.utils import timezone, translation

from coplan.notifications.models import Subscriber, Subscription


def test_kinds_are_stored_sorted_once_between_commas_and_read_back():
    encoded = Subscription.encode_kinds(["report_published", "phase_opened", "phase_opened"])
    assert encoded == ",phase_opened,report_published,"
    assert Subscription(kinds=encoded).kind_list == ["phase_opened", "report_published"]
    assert Subscription.encode_kinds([]) == "" and Subscription(kinds="").kind_list == []


def test_kind_labels_follow_the_forms_order_in_the_pages_language():
    subscription = Subscription(
        kinds=Subscription.encode_kinds(["report_published", "phase_opened"])
    )
    with translation.override("en"):
        assert subscription.kind_labels == ["A phase opens", "A What We Heard report is published"]
    with translation.override("fr"):
        assert subscription.kind_labels[0] == "Une phase commence"
    # A kind no longer offered is shown as stored, last.
    assert Subscription(kinds=",gone,phase_opened,").kind_labels[-1] == "gone"


def test_only_a_confirmed_address_still_subscribed_is_active():
    now = timezone.now()
    assert not Subscriber(email="a@example.org").is_active
    assert Subscriber(email="a@example.org", confirmed_at=now).is_active
    assert not Subscriber(email="a@example.org", confirmed_at=now, unsubscribed_at=now).is_active


def test_records_are_named_by_number_never_by_address():
    with translation.override("fr"):
        assert str(Subscriber(pk=7, email="jane@example.org")) == "Abonné 7"
        assert str(Subscription(pk=8)) == "Abonnement 8"

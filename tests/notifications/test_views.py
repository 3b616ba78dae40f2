"""The subscription pages. Bad input on the subscription links: someone else's subscription
through one's own manage link, an unsubscribe token that was replaced or never existed. Each gets
a clear translated message and a 4xx, and changes nothing of anyone's. An empty POST is a
submission with nothing in it: refused with the form's errors, never taken for a first visit."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coplan.notifications.models import Subscriber, Subscription

pytestmark = pytest.mark.django_db


def _subscriber(email: str, process) -> tuple[Subscriber, Subscription]:
    from django.utils import timezone

    subscriber = Subscriber.objects.create(email=email, language="fr", confirmed_at=timezone.now())
    subscription = Subscription.objects.create(
        subscriber=subscriber,
        process=process,
        kinds=Subscription.encode_kinds(["report_published"]),
        confirmed_at=timezone.now(),
    )
    return subscriber, subscription


def test_a_manage_link_cannot_remove_someone_elses_subscription(client, process):
    mine, _own = _subscriber("me@example.org", process)
    _other, theirs = _subscriber("them@example.org", process)
    remove = reverse("notifications:subscription_remove", kwargs={"token": mine.token})
    response = client.post("/fr/" + remove[4:], {"subscription": theirs.pk})
    assert response.status_code == 404
    assert "Cet abonnement n’existe plus." in response.content.decode()
    assert Subscription.objects.filter(pk=theirs.pk).exists()


def test_an_unsubscribe_token_that_is_not_valid_changes_nothing(client, process):
    subscriber, _subscription = _subscriber("me@example.org", process)
    for token in ("not-a-real-token", "x" * 80):
        url = "/fr/" + reverse("notifications:unsubscribe", kwargs={"token": token})[4:]
        response = client.post(url, "List-Unsubscribe=One-Click", content_type="text/plain")
        assert response.status_code == 410
        assert "Ce lien a déjà été utilisé" in response.content.decode()
        assert client.get(url).status_code == 410
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is None


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr"])
def test_an_empty_subscription_form_is_a_400_with_errors(client, language):
    response = client.post(f"/{language}/subscriptions/", {})
    assert response.status_code == 400
    assert f'lang="{language}"' in response.content.decode()
    assert Subscriber.objects.count() == 0

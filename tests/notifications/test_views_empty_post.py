"""An empty POST is a submission with nothing in it: refused with the form's errors, never
taken for a first visit to the form."""

import pytest

from coplan.notifications.models import Subscriber


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr"])
def test_an_empty_subscription_form_is_a_400_with_errors(client, language):
    response = client.post(f"/{language}/subscriptions/", {})
    assert response.status_code == 400
    assert f'lang="{language}"' in response.content.decode()
    assert Subscriber.objects.count() == 0

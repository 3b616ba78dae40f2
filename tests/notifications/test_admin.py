"""Staff pages of the notifications app, per role, behind the staff two-step sign-in."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.privacy.helpers import assert_staff_page_by_role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _mfa_on(settings):
    settings.COPLAN_STAFF_MFA_REQUIRED = True


@pytest.mark.parametrize(
    "name",
    [
        "admin:notifications_subscriber_changelist",
        "admin:notifications_announcement_changelist",
        "admin:notifications_delivery_changelist",
    ],
)
def test_notifications_staff_pages_by_role(client, user, analyst, administrator, name):
    assert_staff_page_by_role(
        client, reverse(name), participant=user, wrong_role=analyst, right_role=administrator
    )

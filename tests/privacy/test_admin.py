"""Staff pages of the privacy app, per role, behind the staff two-step sign-in."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from coplan.privacy.models import CorrectionRequest
from tests.privacy.helpers import assert_staff_page_by_role
from tests.security.helpers import verified_session

pytestmark = pytest.mark.django_db

PRIVACY_PAGES = [
    "admin:privacy_correctionrequest_changelist",
    "admin:privacy_retentionrun_changelist",
    "admin:privacy_accessrequest_changelist",
]


@pytest.fixture(autouse=True)
def _mfa_on(settings):
    settings.COPLAN_STAFF_MFA_REQUIRED = True


@pytest.mark.parametrize("name", PRIVACY_PAGES)
def test_privacy_staff_pages_by_role(client, user, moderator, administrator, name):
    assert_staff_page_by_role(
        client,
        reverse(name),
        participant=user,
        wrong_role=moderator,
        right_role=administrator,
    )


def test_administrator_answers_an_overdue_correction_request(client, administrator, user):
    received = timezone.now() - datetime.timedelta(days=40)
    overdue = CorrectionRequest.objects.create(
        user=user,
        details="My display name is misspelled.",
        received_at=received,
        due_on=CorrectionRequest.due_date(received),
    )
    verified_session(client, administrator)
    url = reverse("admin:privacy_correctionrequest_changelist")
    listed = client.get(url + "?overdue=yes")
    assert listed.status_code == 200 and str(overdue) in listed.content.decode()
    response = client.post(
        url, {"action": "mark_corrected", "_selected_action": [overdue.pk]}, follow=True
    )
    assert response.status_code == 200
    overdue.refresh_from_db()
    assert overdue.status == "corrected" and overdue.handled_by == administrator
    assert overdue.answered_at is not None and not overdue.is_overdue()
    # A closed request cannot be reopened or moved again.
    client.post(url, {"action": "mark_in_progress", "_selected_action": [overdue.pk]})
    overdue.refresh_from_db()
    assert overdue.status == "corrected"
    assert str(overdue) not in client.get(url + "?overdue=yes").content.decode()

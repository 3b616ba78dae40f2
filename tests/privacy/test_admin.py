"""Staff pages of the privacy app, per role, behind the staff two-step sign-in."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from coplan.privacy.models import CorrectionRequest
from tests.security.helpers import enrolled, verified_session

pytestmark = pytest.mark.django_db

PRIVACY_PAGES = [
    "admin:privacy_correctionrequest_changelist",
    "admin:privacy_retentionrun_changelist",
    "admin:privacy_accessrequest_changelist",
]


@pytest.fixture(autouse=True)
def _mfa_on(settings):
    settings.COPLAN_STAFF_MFA_REQUIRED = True


def assert_staff_page_by_role(client, url: str, *, participant, wrong_role, right_role) -> None:
    """Anonymous → sign-in; participant → sign-in; staff without a second factor → the
    second-factor step; wrong role → 403; right role → 200, never cached."""
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/en/admin/login/?next=")

    client.force_login(participant)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/en/admin/login/?next=")

    # Staff with no authenticator yet: sent to set one up; with one, to the code step.
    client.force_login(right_role)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/en/account/two-step/set-up/?next=")
    device, _codes = enrolled(right_role)
    # The code that confirmed the device cannot be used twice: move past its time step.
    device.last_t = -1
    device.save(update_fields=["last_t"])
    client.logout()
    client.force_login(right_role)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/en/account/two-step/?next=")

    client.logout()
    verified_session(client, wrong_role)
    assert client.get(url).status_code == 403

    client.logout()
    verified_session(client, right_role)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


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

"""Staff multi-factor sign-in: enrolment, verification, recovery codes, the gate, throttling."""

from __future__ import annotations

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.factories import UserFactory, staff_with_role
from tests.accounts.helpers import sign_in

from .helpers import enrolled

STAFF_PAGES = ["/en/staff/progress/00000000-0000-0000-0000-000000000000/", "/en/admin/"]


@pytest.fixture(autouse=True)
def _mfa_on(settings):
    settings.COPLAN_STAFF_MFA_REQUIRED = True


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role", ["moderator", "analyst", "forum member", "department reporter", "administrator"]
)
def test_every_staff_role_is_sent_to_enrolment_before_any_staff_page(client, role):
    """A staff member without a device reaches no staff page, admin or account page."""
    user = staff_with_role(role)
    assert sign_in(client, user).status_code == 302
    for url in [*STAFF_PAGES, "/en/account/", "/en/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/en/account/two-step/set-up/"), url


@pytest.mark.django_db
def test_participants_need_no_second_factor(client):
    user = UserFactory()
    sign_in(client, user)
    assert client.get("/en/account/").status_code == 200


@pytest.mark.django_db
def test_staff_sessions_expire_when_idle(client, moderator, settings):
    settings.COPLAN_STAFF_SESSION_IDLE = 1800
    _, codes = enrolled(moderator)
    sign_in(client, moderator)
    client.post("/en/account/two-step/", {"token": codes[0]})
    client.get("/en/account/")
    assert client.session.get_expiry_age() == 1800


@pytest.mark.django_db
def test_administrator_resets_a_lost_device_from_the_admin(client, moderator):
    from django_otp.plugins.otp_static.models import StaticDevice

    from tests.accounts.factories import staff_with_role as make

    from .helpers import verified_session

    enrolled(moderator)
    administrator = make("administrator", is_superuser=True)
    verified_session(client, administrator)
    response = client.post(
        "/en/admin/accounts/user/",
        {"action": "reset_two_step_sign_in", "_selected_action": [moderator.pk]},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=moderator).exists()
    assert not StaticDevice.objects.filter(user=moderator).exists()
    assert TOTPDevice.objects.filter(user=administrator, confirmed=True).exists()

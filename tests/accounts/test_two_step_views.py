"""The two-step pages: enrolment from the emailed link, the second step with a code or a
recovery code, its throttling, and recovery codes shown once and regenerated."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.helpers import sign_in
from tests.security.helpers import enrolled, totp_now


@pytest.fixture(autouse=True)
def _mfa_on(settings):
    settings.COPLAN_STAFF_MFA_REQUIRED = True


@pytest.mark.django_db
def test_enrolment_then_recovery_codes_then_staff_pages(client, administrator):
    """From the emailed link: scanning, typing the first code, seeing ten recovery codes once,
    then reaching the admin."""
    sign_in(client, administrator)
    client.post("/fr/account/two-step/set-up/")
    line = next(line for line in mail.outbox[0].body.splitlines() if "/two-step/set-up/" in line)
    link = "/" + line.split("://", 1)[1].split("/", 1)[1]
    page = client.get(link)
    assert page.status_code == 200
    body = page.content.decode()
    assert "<svg" in body and "Configurer la connexion en deux étapes" in body
    device = TOTPDevice.objects.get(user=administrator, confirmed=False)
    # A wrong code is refused in the request's language and confirms nothing.
    wrong = client.post(link, {"token": "000000"})
    assert wrong.status_code == 400 and "Ce code n’est pas le bon" in wrong.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    # A failure makes the device wait one second before the next try: the clock moves on. The
    # destination is in the site's time zone because time-machine sets TZ to the destination's
    # zone: from UTC, the naive local clock of the emailed link's token (Django's
    # PasswordResetTokenGenerator) would jump by the zone's offset and the link look expired.
    with time_machine.travel(timezone.localtime() + datetime.timedelta(seconds=2), tick=False):
        response = client.post(link, {"token": totp_now(device), "next": "/en/admin/"})
    assert response.status_code == 302
    assert response["Location"].startswith("/fr/account/two-step/recovery-codes/")
    codes_page = client.get(response["Location"]).content.decode()
    tokens = list(StaticToken.objects.filter(device__user=administrator))
    assert len(tokens) == 10 and all(t.token in codes_page for t in tokens)
    # Shown once only.
    again = client.get("/en/account/two-step/recovery-codes/").content.decode()
    assert not any(t.token in again for t in tokens)
    assert client.get("/en/admin/").status_code == 200


@pytest.mark.django_db
def test_second_sign_in_asks_for_a_code_and_accepts_a_recovery_code_once(client, moderator):
    device, codes = enrolled(moderator)
    sign_in(client, moderator)
    response = client.get("/en/admin/")
    assert response["Location"] == "/en/account/two-step/?next=%2Fen%2Fadmin%2F"
    assert client.post("/en/account/two-step/", {"token": "nonsense"}).status_code == 400
    # A failure makes the devices wait one second before the next try: the clock moves on.
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=2), tick=False):
        ok = client.post("/en/account/two-step/", {"token": codes[0], "next": "/en/admin/"})
    assert ok.status_code == 302 and ok["Location"] == "/en/admin/"
    assert client.get("/en/admin/").status_code == 200
    # The used recovery code is gone: a new session cannot use it again.
    client.logout()
    sign_in(client, moderator)
    reused = client.post("/en/account/two-step/", {"token": codes[0], "next": "/en/admin/"})
    assert reused.status_code == 400
    assert client.get("/en/admin/").status_code == 302


@pytest.mark.django_db
def test_authenticator_code_passes_the_second_step(client, analyst):
    device, _ = enrolled(analyst)
    device.last_t = -1
    device.save(update_fields=["last_t"])
    sign_in(client, analyst)
    response = client.post("/en/account/two-step/", {"token": totp_now(device)})
    assert response.status_code == 302
    assert client.get("/en/account/").status_code == 200


@pytest.mark.django_db
def test_repeated_wrong_codes_are_slowed_then_rate_limited(client, moderator, settings):
    """The device refuses even a right code right after failures; the client is then limited."""
    settings.COPLAN_RATE_LIMITS = {**settings.COPLAN_RATE_LIMITS, "mfa": "5/300"}
    device, _ = enrolled(moderator)
    device.last_t = -1
    device.save(update_fields=["last_t"])
    sign_in(client, moderator)
    # The clock stands still, so a slow machine cannot outlast the back-off between requests.
    with time_machine.travel(timezone.now(), tick=False):
        codes = [
            client.post("/en/account/two-step/", {"token": "123456"}).status_code for _ in range(3)
        ]
        assert codes == [400, 400, 400]
        # Throttled: even the right code is refused during the back-off.
        right = client.post("/en/account/two-step/", {"token": totp_now(device)})
        assert right.status_code == 400
        assert client.post("/en/account/two-step/", {"token": "123456"}).status_code == 400
        assert client.post("/en/account/two-step/", {"token": "123456"}).status_code == 429


@pytest.mark.django_db
def test_open_redirect_after_verification_is_refused(client, moderator):
    _, codes = enrolled(moderator)
    sign_in(client, moderator)
    response = client.post(
        "/en/account/two-step/", {"token": codes[1], "next": "https://evil.example.com/"}
    )
    assert response.status_code == 302 and response["Location"] == "/en/account/"


@pytest.mark.django_db
def test_regenerating_recovery_codes_needs_the_second_factor_and_replaces_old_ones(
    client, moderator
):
    _, codes = enrolled(moderator)
    sign_in(client, moderator)
    refused = client.post("/en/account/two-step/recovery-codes/")
    assert refused.status_code == 302
    assert StaticToken.objects.filter(device__user=moderator).count() == 10
    client.post("/en/account/two-step/", {"token": codes[0]})
    page = client.post("/en/account/two-step/recovery-codes/")
    assert page.status_code == 200
    new_tokens = set(
        StaticToken.objects.filter(device__user=moderator).values_list("token", flat=True)
    )
    assert len(new_tokens) == 10 and not new_tokens & set(codes)

"""Passkeys (WebAuthn) beside authenticator apps: registered only from the emailed set-up link,
used only as a second factor, every message in both languages."""

from __future__ import annotations

import re
from pathlib import Path

import django_otp_webauthn
import polib
import pytest
from django.core import mail
from django.test import Client
from django_otp_webauthn.models import WebAuthnCredential

from coplan.accounts import passkeys
from tests.accounts.factories import TEST_PASSWORD
from tests.security.helpers import enrolled, totp_now

BEGIN_REGISTRATION = "/{language}/account/two-step/passkeys/registration/begin/"
BEGIN_AUTHENTICATION = "/en/account/two-step/passkeys/authentication/begin/"


@pytest.fixture(autouse=True)
def _passkeys_on(settings):
    settings.COPLAN_STAFF_MFA_REQUIRED = True
    settings.COPLAN_PASSKEYS = True
    settings.OTP_WEBAUTHN_RP_ID = "testserver"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = ["http://testserver"]


def sign_in(client, user) -> None:
    response = client.post(
        "/en/account/sign-in/", {"username": user.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302


def open_enrolment_link(client) -> str:
    client.post("/en/account/two-step/set-up/")
    line = next(line for line in mail.outbox[-1].body.splitlines() if "/set-up/" in line)
    link = "/" + line.split("://", 1)[1].split("/", 1)[1]
    assert client.get(link).status_code == 200
    return link


@pytest.mark.django_db
def test_registering_a_passkey_needs_the_emailed_link(client, moderator):
    """With the password alone the browser gets no registration options, in its language."""
    sign_in(client, moderator)
    refused = client.post(BEGIN_REGISTRATION.format(language="fr"))
    assert refused.status_code == 403
    assert refused.json() == {
        "code": "enrolment_link_required",
        "detail": "Ouvrez d’abord le lien de configuration que nous avons envoyé par courriel "
        "à votre compte. Il ne fonctionne qu’une seule fois.",
    }
    page = open_enrolment_link(client)
    body = client.get(page).content.decode()
    assert 'id="passkey-register-button"' in body and 'id="otp_webauthn_config"' in body
    options = client.post(BEGIN_REGISTRATION.format(language="en"))
    assert options.status_code == 200
    data = options.json()
    assert data["rp"]["id"] == "testserver"
    assert data["user"]["name"] == moderator.email
    assert data["challenge"] and data["excludeCredentials"] == []


@pytest.mark.django_db
def test_the_link_no_longer_registers_a_passkey_once_a_device_is_set(client, moderator):
    sign_in(client, moderator)
    link = open_enrolment_link(client)
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user=moderator, confirmed=False)
    assert client.post(link, {"token": totp_now(device)}).status_code == 302
    assert client.post(BEGIN_REGISTRATION.format(language="en")).status_code == 403


@pytest.mark.django_db
def test_a_passkey_is_a_second_factor_only(client, moderator):
    """Nobody signs in with a passkey alone; after the password, the person's own passkeys are
    offered, and the ceremony endpoints pass the staff gate."""
    credential = WebAuthnCredential.objects.create(
        user=moderator,
        name="",
        credential_id=b"\x01" * 32,
        public_key=b"\x02" * 77,
        sign_count=0,
        confirmed=True,
    )
    anonymous = Client().post(BEGIN_AUTHENTICATION)
    assert anonymous.status_code == 403
    assert anonymous.json()["code"] == "passwordless_login_disabled"
    sign_in(client, moderator)
    page = client.get("/en/account/two-step/").content.decode()
    assert 'id="passkey-verification-button"' in page
    options = client.post(BEGIN_AUTHENTICATION)
    assert options.status_code == 200
    allowed = options.json()["allowCredentials"]
    assert [entry["id"] for entry in allowed] == ["AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE"]
    # Not verified by this alone.
    assert client.get("/en/admin/").status_code == 302
    assert credential.pk


@pytest.mark.django_db
def test_passkey_ceremonies_are_rate_limited(client, moderator, settings):
    settings.COPLAN_RATE_LIMITS = {**settings.COPLAN_RATE_LIMITS, "mfa": "2/300"}
    enrolled(moderator)
    sign_in(client, moderator)
    codes = [client.post(BEGIN_AUTHENTICATION).status_code for _ in range(3)]
    assert codes == [200, 200, 429]


@pytest.mark.django_db
def test_without_https_no_passkey_is_offered(client, moderator, settings):
    """Browsers refuse passkeys on plain http under an address: the site offers apps alone."""
    settings.COPLAN_PASSKEYS = False
    sign_in(client, moderator)
    assert client.post(BEGIN_REGISTRATION.format(language="en")).status_code == 404
    body = client.get(open_enrolment_link(client)).content.decode()
    assert "passkey" not in body and "qr-code" in body


def test_every_string_of_the_passkey_scripts_has_its_french():
    """The package ships no French: our djangojs catalog must cover every string of its
    scripts (this fails when an upgrade adds one)."""
    scripts = Path(django_otp_webauthn.__file__).parent / "static/django_otp_webauthn"
    msgids = set()
    for script in scripts.glob("*.js"):
        msgids |= set(re.findall(r'gettext\("([^"]*)"\)', script.read_text(encoding="utf-8")))
    catalog = polib.pofile(
        str(Path(passkeys.__file__).parent / "locale/fr/LC_MESSAGES/djangojs.po")
    )
    translated = {entry.msgid for entry in catalog if entry.translated()}
    assert msgids and msgids <= translated, sorted(msgids - translated)


@pytest.mark.django_db
def test_the_passkey_script_messages_are_served_in_french(client):
    response = client.get("/fr/account/two-step/passkeys/messages.js")
    assert response.status_code == 200
    assert '"Verification successful!": "V\\u00e9rification r\\u00e9ussie!"' in (
        response.content.decode()
    )

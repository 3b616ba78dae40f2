"""Helpers for signing staff in with their second factor, as a person would."""

from __future__ import annotations

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from coplan.accounts import services


def totp_now(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def enrolled(user) -> tuple[TOTPDevice, list[str]]:
    """Give a person a confirmed authenticator and recovery codes (as the set-up page does)."""
    device = services.mfa_enrolment_start(user=user)
    codes = services.mfa_enrolment_confirm(user=user, token=totp_now(device))
    device.refresh_from_db()
    return device, codes


def verified_session(client, user) -> None:
    """Sign in with force_login, then pass the second factor through the real page."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device, _ = enrolled(user)
        # The code that confirmed the device cannot be used twice: move past its time step.
        device.last_t = -1
        device.save(update_fields=["last_t"])
    client.force_login(user)
    response = client.post("/en/account/two-step/", {"token": totp_now(device), "next": "/en/"})
    assert response.status_code == 302, response.content.decode()[:2000]

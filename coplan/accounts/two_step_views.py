"""The two-step sign-in of staff: setting up an authenticator (by a link sent by email), the
code asked at sign-in, and the recovery codes shown once."""

from __future__ import annotations

from base64 import b32encode
from typing import TYPE_CHECKING
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp import user_has_device

from coplan.core.ratelimit import rate_limited

from . import services
from .forms import (
    TokenForm,
)
from .tokens import enrolment_link_tokens

if TYPE_CHECKING:
    from django_otp.plugins.otp_totp.models import TOTPDevice

# Shown to people only once, right after they are made; kept in the session until then.
RECOVERY_CODES_SESSION_KEY = "coplan_mfa_new_recovery_codes"
# Where a staff member was going when they asked for the two-step set-up link.
ENROL_NEXT_SESSION_KEY = "coplan_mfa_enrol_next"


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return str(reverse_lazy("accounts:profile"))


def _with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


@never_cache
@login_required
@rate_limited("email_link")
def mfa_enrol(request: HttpRequest) -> HttpResponse:
    """Two-step sign-in is set up from a link emailed to the account, never with the password
    alone: whoever learnt a staff member's password cannot enrol their own authenticator."""
    if user_has_device(request.user) and not request.user.is_verified():
        # Replacing a working device needs that device first.
        return redirect("accounts:mfa_verify")
    if request.method == "POST":
        # Where the person was going, for when they come back through the link (same browser).
        request.session[ENROL_NEXT_SESSION_KEY] = _next_url(request)
        services.mfa_enrol_link_request(user=request.user, language=get_language())
        messages.success(
            request,
            _(
                "We have sent the link to your account’s email address. "
                "Open it within %(minutes)s minutes."
            )
            % {"minutes": settings.COPLAN_MFA_ENROL_LINK_AGE // 60},
        )
        return redirect(_with_next("accounts:mfa_enrol", _next_url(request)))
    return render(request, "accounts/mfa_enrol_request.html")


@never_cache
@login_required
@rate_limited("mfa")
def mfa_enrol_link(request: HttpRequest, token: str) -> HttpResponse:
    """Set up an authenticator app from the emailed link: scan the code, type the first code,
    get recovery codes. The link is the signed-in person's own, and dies once a device is set."""
    user = request.user
    if user_has_device(user) and not user.is_verified():
        return redirect("accounts:mfa_verify")
    if not enrolment_link_tokens.check_token(user, token):
        return render(
            request,
            "accounts/link_invalid.html",
            {"again_url": reverse("accounts:mfa_enrol")},
            status=400,
        )
    from .passkeys import ENROL_GRANT_SESSION_KEY, passkeys_enabled

    # The passkey ceremonies (their own endpoints) check this link again at each step.
    request.session[ENROL_GRANT_SESSION_KEY] = token
    device = services.mfa_enrolment_start(user=user)
    form = TokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        codes = services.mfa_enrolment_confirm(user=user, token=form.cleaned_data["token"])
        if codes is None:
            form.add_error(
                "token",
                _("This code is not right. Check the time on your device and try again."),
            )
        else:
            return _enrolment_done(request, device, codes)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, **_enrolment_context(request, device, passkeys_enabled())}
    return render(request, "accounts/mfa_enrol.html", context, status=status)


def _enrolment_done(request: HttpRequest, device: TOTPDevice, codes: list[str]) -> HttpResponse:
    """Signed in with the new device; on to the recovery codes, then where they were going."""
    device.refresh_from_db()
    otp_login(request, device)
    request.session[RECOVERY_CODES_SESSION_KEY] = codes
    messages.success(request, _("Two-step sign-in is on for your account."))
    next_url = request.session.pop(ENROL_NEXT_SESSION_KEY, None) or _next_url(request)
    return redirect(_with_next("accounts:mfa_recovery_codes", next_url))


def _enrolment_context(request: HttpRequest, device: TOTPDevice, passkeys: bool) -> dict:
    """The code to scan, the key to type instead (in groups of four), and where to go next."""
    qr_svg = segno.make(device.config_url, error="m").svg_inline(
        scale=5, title=_("Code to scan with your authenticator app"), border=4
    )
    manual_key = b32encode(device.bin_key).decode().rstrip("=")
    return {
        "qr_svg": qr_svg,
        "manual_key": " ".join(manual_key[i : i + 4] for i in range(0, len(manual_key), 4)),
        "next": _next_url(request),
        "passkeys": passkeys,
        "passkey_done_url": _with_next(
            "accounts:mfa_recovery_codes",
            request.session.get(ENROL_NEXT_SESSION_KEY) or _next_url(request),
        ),
    }


@never_cache
@login_required
@rate_limited("mfa")
def mfa_verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: a code from the authenticator app or a recovery code."""
    if not user_has_device(request.user):
        return redirect(_with_next("accounts:mfa_enrol", _next_url(request)))
    form = TokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        device = services.mfa_verify(user=request.user, token=form.cleaned_data["token"])
        if device is None:
            form.add_error(
                "token",
                _("This code is not right or was already used. Wait for a new code and try again."),
            )
        else:
            otp_login(request, device)
            return redirect(_next_url(request))
    return _verify_page(request, form)


def _verify_page(request: HttpRequest, form: TokenForm) -> HttpResponse:
    from .passkeys import passkeys_enabled

    context = {
        "form": form,
        "next": _next_url(request),
        "passkey": passkeys_enabled() and services.mfa_has_passkey(user=request.user),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/mfa_verify.html", context, status=status)


@never_cache
@login_required
def mfa_recovery_codes(request: HttpRequest) -> HttpResponse:
    """Show newly made recovery codes once; a verified person may make new ones."""
    if request.method == "POST":
        if not request.user.is_verified():
            return redirect("accounts:mfa_verify")
        codes = services.mfa_recovery_codes_regenerate(user=request.user)
        messages.success(request, _("New recovery codes are ready. The old ones no longer work."))
    else:
        codes = request.session.pop(RECOVERY_CODES_SESSION_KEY, None)
    return render(
        request,
        "accounts/mfa_recovery_codes.html",
        {"codes": codes, "next": _next_url(request)},
    )

"""Security middleware: a strict Content-Security-Policy on every response, the staff
multi-factor gate, staff session expiry and the audit trail of staff writes.

Guarantees:
- every response (pages, errors, static files, health checks) carries the same strict CSP: no
  inline script, no eval, no plugin, no foreign origin (but the players of the two video
  services staff may embed, in frames only), no framing of our pages, no <base> rewriting;
- a signed-in staff member (any staff role, ``is_staff`` or superuser) who has not passed the
  second factor in this session reaches nothing but the second-factor pages and sign-out;
- a staff session ends after ``COPLAN_STAFF_SESSION_IDLE`` seconds without a request;
- every data-changing request (POST, PUT, PATCH, DELETE) by a staff member that succeeds is
  recorded in ``core.StaffAction``: who, when, which view, the object ids in the URL, the
  status. Never the form data or the query string: they may hold personal information.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils import translation

logger = logging.getLogger(__name__)

# The only sites whose players a page may frame: the video services staff may embed
# (processes.blocks turns their addresses into these privacy-enhanced players). Nothing else.
VIDEO_EMBED_ORIGINS = ("https://www.youtube-nocookie.com", "https://player.vimeo.com")

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "frame-src " + " ".join(VIDEO_EMBED_ORIGINS),
    ]
)

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

# URL names a staff member may reach before passing the second factor.
MFA_OPEN_URL_NAMES = frozenset(
    {
        "accounts:mfa_verify",
        "accounts:mfa_enrol",
        "accounts:mfa_enrol_link",
        "accounts:mfa_recovery_codes",
        # Passkey ceremonies (second factor), which check their own conditions.
        "otp_webauthn:credential-registration-begin",
        "otp_webauthn:credential-registration-complete",
        "otp_webauthn:credential-authentication-begin",
        "otp_webauthn:credential-authentication-complete",
        "otp_webauthn:js-i18n-catalog",
        "accounts:logout",
        "set_language",
    }
)
# Paths outside the language prefixes that never need a second factor.
MFA_OPEN_PREFIXES = ("/static/", "/healthz", "/readyz", "/favicon.ico")


class ContentSecurityPolicyMiddleware:
    """Put the site's policy on every response that does not set a stricter one itself."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        return response


def is_staff_account(user) -> bool:
    """Anyone with a staff role works behind the scenes and needs a second factor. A staff role
    always marks the account as staff (`accounts` keeps that true on every way a role is given),
    so no query is needed on each participant's request."""
    if user is None or not user.is_authenticated:
        return False
    return bool(user.is_staff or user.is_superuser)


def _url_name(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return ""
    return match.view_name or ""


class StaffSecurityMiddleware:
    """Second factor before any staff work; idle staff sessions end; staff writes are audited.

    Sits after django-otp's OTPMiddleware, which tells whether this session passed a device.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(MFA_OPEN_PREFIXES):
            # Health checks and static files never read the session (nor the database).
            return self.get_response(request)
        user = getattr(request, "user", None)
        staff = is_staff_account(user)
        if staff:
            # A sliding idle timeout for staff: each request pushes the end further away.
            request.session.set_expiry(settings.COPLAN_STAFF_SESSION_IDLE)
            if settings.COPLAN_STAFF_MFA_REQUIRED and not user.is_verified():
                gate = self._mfa_gate(request, user)
                if gate is not None:
                    return gate
        response = self.get_response(request)
        if staff and request.method in WRITE_METHODS and response.status_code < 400:
            self._audit(request, user, response)
        return response

    def _mfa_gate(self, request: HttpRequest, user) -> HttpResponse | None:
        if _url_name(request) in MFA_OPEN_URL_NAMES:
            return None
        from django_otp import user_has_device

        target = "accounts:mfa_verify" if user_has_device(user) else "accounts:mfa_enrol"
        language = translation.get_language() or settings.LANGUAGE_CODE
        with translation.override(language):
            response = redirect(target)
        if request.method == "GET":
            response["Location"] += "?" + _next_query(request.get_full_path())
        return response

    def _audit(self, request: HttpRequest, user, response: HttpResponse) -> None:
        from .models import StaffAction

        match = getattr(request, "resolver_match", None)
        try:
            StaffAction.objects.create(
                user=user,
                method=request.method,
                view_name=(match.view_name if match else "")[:200],
                object_ids=_object_ids(match.kwargs if match else {}),
                status=response.status_code,
            )
        except Exception:  # noqa: BLE001 - the action is done; a lost audit row is logged loudly
            logger.exception("could not record a staff action in the audit log")


def _next_query(path: str) -> str:
    from urllib.parse import urlencode

    return urlencode({"next": path})


def _object_ids(kwargs: dict) -> str:
    """The URL's own arguments (ids, slugs), which name objects, never people."""
    parts = [f"{key}={value}" for key, value in sorted(kwargs.items())]
    return ", ".join(parts)[:500]

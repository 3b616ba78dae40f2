"""Passkeys (WebAuthn, through django-otp-webauthn) beside authenticator apps.

Guarantees:
- a passkey is registered only by someone who opened the single-use set-up link emailed to the
  account (the link page leaves its token in the session; each step checks it again, and it
  dies once any second factor is confirmed), exactly as for an authenticator app;
- a passkey is a second factor only: nobody signs in with it alone (no way in beside the
  site's limited sign-in), and its use is counted in the same limits as codes;
- a first second factor comes with recovery codes, shown once;
- every message the browser shows is ours, in the page's language.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, JsonResponse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.i18n import JavaScriptCatalog
from django_otp_webauthn import exceptions as webauthn_errors
from django_otp_webauthn import views as webauthn_views

from coplan.core.ratelimit import rate_limited

from . import services
from .tokens import enrolment_link_tokens
from .two_step_views import RECOVERY_CODES_SESSION_KEY

ENROL_GRANT_SESSION_KEY = "coplan_mfa_enrol_grant"

# What the browser shows for each refusal of django-otp-webauthn, by its error code.
API_MESSAGES = {
    "not_authenticated": _("Sign in with your password first."),
    "user_not_verified": _("Pass the second step with your current device first."),
    "enrolment_link_required": _(
        "Open the set-up link we emailed to your account first. It works only once."
    ),
    "invalid_state": _("This step took too long or was done twice. Start again."),
    "malformed_request": _("Your browser sent something we cannot read. Start again."),
    "passwordless_login_disabled": _("Sign in with your password first."),
    "credential_disabled": _("This passkey is turned off."),
    "user_disabled": _("This account is closed."),
    "credential_not_found": _("This passkey is not one of your account’s."),
    "credential_user_mismatch": _("This passkey is not one of your account’s."),
    "unprocessable_request": _("Your browser sent something we cannot read. Start again."),
}
FALLBACK_MESSAGE = _("The passkey could not be checked. Try again, or use a code instead.")


class EnrolmentLinkRequired(webauthn_errors.OTPWebAuthnApiError):
    status_code = 403
    default_code = "enrolment_link_required"


def passkeys_enabled() -> bool:
    return bool(settings.COPLAN_PASSKEYS)


class _OurMessages:
    def dispatch(self, request, *args, **kwargs):
        if not passkeys_enabled():
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def handle_exception(self, exc):
        if isinstance(exc, webauthn_errors.OTPWebAuthnApiError):
            detail = API_MESSAGES.get(exc.code, FALLBACK_MESSAGE)
            return JsonResponse({"detail": str(detail), "code": exc.code}, status=exc.status_code)
        return super().handle_exception(exc)


class _EnrolmentLinkGate:
    def check_can_register(self) -> None:
        token = self.request.session.get(ENROL_GRANT_SESSION_KEY, "")
        if not token or not enrolment_link_tokens.check_token(self.request.user, token):
            raise EnrolmentLinkRequired()


@method_decorator(rate_limited("mfa"), name="dispatch")
class RegistrationBegin(
    _OurMessages, _EnrolmentLinkGate, webauthn_views.BeginCredentialRegistrationView
):
    pass


@method_decorator(rate_limited("mfa"), name="dispatch")
class RegistrationComplete(
    _OurMessages, _EnrolmentLinkGate, webauthn_views.CompleteCredentialRegistrationView
):
    def post(self, *args, **kwargs):
        from django_otp.plugins.otp_static.models import StaticDevice

        response = super().post(*args, **kwargs)
        session = self.request.session
        session.pop(ENROL_GRANT_SESSION_KEY, None)
        if not StaticDevice.objects.filter(user=self.request.user).exists():
            session[RECOVERY_CODES_SESSION_KEY] = services.mfa_recovery_codes_regenerate(
                user=self.request.user
            )
        return response


@method_decorator(rate_limited("mfa"), name="dispatch")
class AuthenticationBegin(_OurMessages, webauthn_views.BeginCredentialAuthenticationView):
    pass


@method_decorator(rate_limited("mfa"), name="dispatch")
class AuthenticationComplete(_OurMessages, webauthn_views.CompleteCredentialAuthenticationView):
    pass


# The strings of django-otp-webauthn's script, in French in this app's djangojs catalog.
javascript_catalog = JavaScriptCatalog.as_view(packages=["coplan.accounts"])

from __future__ import annotations

from base64 import b32encode
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp import user_has_device

from coplan.core.ratelimit import is_allowed_for, rate_limited, too_many_requests
from coplan.core.security import is_staff_account

from . import services
from .forms import (
    NewPasswordForm,
    PasswordResetRequestForm,
    ProfileForm,
    RegistrationForm,
    SignInForm,
    TokenForm,
)

# Shown to people only once, right after they are made; kept in the session until then.
RECOVERY_CODES_SESSION_KEY = "coplan_mfa_new_recovery_codes"


class InvalidFormIs400:
    """A form sent with mistakes is re-shown with its messages, as a 400 (nothing stored)."""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


@method_decorator(rate_limited("sign_in"), name="dispatch")
class SignInView(InvalidFormIs400, auth_views.LoginView):
    form_class = SignInForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        # Per account as well as per client: many clients guessing one password get stopped.
        username = request.POST.get("username", "")[:254]
        if username and not is_allowed_for("sign_in_account", username):
            return too_many_requests(request)
        return super().post(request, *args, **kwargs)


@method_decorator(rate_limited("password_reset"), name="dispatch")
class PasswordResetView(InvalidFormIs400, auth_views.PasswordResetView):
    form_class = PasswordResetRequestForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        email = request.POST.get("email", "")[:254]
        if email and not is_allowed_for("password_reset_account", email):
            return too_many_requests(request)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        # Links in the email point at the public address, not at whatever Host was sent.
        self.extra_email_context = {
            "site_url": settings.COPLAN_SITE_URL.rstrip("/"),
            "site_name": settings.COPLAN_SITE_NAME,
        }
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


@method_decorator(rate_limited("password_reset"), name="dispatch")
class PasswordResetConfirmView(InvalidFormIs400, auth_views.PasswordResetConfirmView):
    form_class = NewPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@rate_limited("public_write")
def register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    form = RegistrationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = services.user_register(**form.cleaned_data)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Your account is ready. Welcome!"))
        return redirect("accounts:profile")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/register.html", {"form": form}, status=status)


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your preferences are saved."))
        return redirect("accounts:profile")
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "is_staff_account": is_staff_account(request.user)},
        status=400 if request.method == "POST" else 200,
    )


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
@rate_limited("mfa")
def mfa_enrol(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the code, type the first code, get recovery codes."""
    user = request.user
    if user_has_device(request.user) and not request.user.is_verified():
        # Replacing a working device needs that device first.
        return redirect("accounts:mfa_verify")
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
            device.refresh_from_db()
            otp_login(request, device)
            request.session[RECOVERY_CODES_SESSION_KEY] = codes
            messages.success(request, _("Two-step sign-in is on for your account."))
            return redirect(_with_next("accounts:mfa_recovery_codes", _next_url(request)))
    qr_svg = segno.make(device.config_url, error="m").svg_inline(
        scale=5, title=_("Code to scan with your authenticator app"), border=4
    )
    manual_key = b32encode(device.bin_key).decode().rstrip("=")
    context = {
        "form": form,
        "qr_svg": qr_svg,
        "manual_key": " ".join(manual_key[i : i + 4] for i in range(0, len(manual_key), 4)),
        "next": _next_url(request),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/mfa_enrol.html", context, status=status)


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
    return render(
        request,
        "accounts/mfa_verify.html",
        {"form": form, "next": _next_url(request)},
        status=400 if request.method == "POST" else 200,
    )


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

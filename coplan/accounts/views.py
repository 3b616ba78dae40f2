from __future__ import annotations

import hmac
import secrets

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from coplan.core.ratelimit import is_allowed_for, keyed_hash, rate_limited, too_many_requests
from coplan.core.security import is_staff_account

from . import services
from .forms import (
    EmailForm,
    NewPasswordForm,
    PasswordResetRequestForm,
    ProfileForm,
    RegistrationForm,
    SignInForm,
)
from .models import EmailLinkRequest, User
from .tokens import registration_email, sign_in_link_tokens


class InvalidFormIs400:
    """A form sent with mistakes is re-shown with its messages, as a 400 (nothing stored)."""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


# A browser where someone signed in to an account before carries a signed cookie naming that
# account (by keyed hash). Password guesses from other browsers spend the account's budget; that
# browser has a budget of its own, so an attacker cannot lock the owner out.
KNOWN_BROWSER_COOKIE = "coplan_known_browser"
KNOWN_BROWSER_SALT = "coplan.accounts.known_browser"
KNOWN_BROWSER_AGE = 180 * 24 * 60 * 60


def _known_browser(request: HttpRequest, email: str) -> str | None:
    """This browser's own identity if it signed in to the account named `email` before."""
    value = request.get_signed_cookie(
        KNOWN_BROWSER_COOKIE, default=None, salt=KNOWN_BROWSER_SALT, max_age=KNOWN_BROWSER_AGE
    )
    account, _sep, browser = (value or "").partition(":")
    if not browser or not hmac.compare_digest(account, keyed_hash(email)):
        return None
    return browser


def _remember_browser(response: HttpResponse, user: User) -> None:
    response.set_signed_cookie(
        KNOWN_BROWSER_COOKIE,
        f"{keyed_hash(user.email)}:{secrets.token_hex(16)}",
        salt=KNOWN_BROWSER_SALT,
        max_age=KNOWN_BROWSER_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


@method_decorator(rate_limited("sign_in"), name="dispatch")
class SignInView(InvalidFormIs400, auth_views.LoginView):
    form_class = SignInForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        # Per account as well as per client: many clients guessing one password get stopped;
        # a browser that signed in to the account before counts on its own.
        username = request.POST.get("username", "")[:254]
        if username:
            browser = _known_browser(request, username)
            if browser is not None:
                allowed = is_allowed_for("sign_in_device", browser)
            else:
                allowed = is_allowed_for("sign_in_account", username)
            if not allowed:
                return render(request, "accounts/sign_in_paused.html", status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form) -> HttpResponse:
        response = super().form_valid(form)
        _remember_browser(response, form.get_user())
        return response


def admin_sign_in(request: HttpRequest) -> HttpResponse:
    """Where the admin sends people: the site's sign-in (signed in without the right, a 403)."""
    if request.user.is_authenticated:
        # The admin sends here those signed in without its permission; the sign-in page would
        # send them straight back.
        raise PermissionDenied
    url = reverse("accounts:login")
    query = request.META.get("QUERY_STRING", "")
    return redirect(f"{url}?{query}" if query else url)


@never_cache
@rate_limited("email_link")
def sign_in_link_request(request: HttpRequest) -> HttpResponse:
    """Ask for a single-use sign-in link by email: the way in while password sign-in is paused."""
    form = EmailForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if not is_allowed_for("email_link_account", email):
            return too_many_requests(request)
        services.email_link_request(
            kind=EmailLinkRequest.Kind.SIGN_IN, email=email, language=get_language()
        )
        return redirect("accounts:sign_in_link_sent")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/sign_in_link_request.html", {"form": form}, status=status)


def sign_in_link_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/sign_in_link_sent.html")


def _user_from_uid(uidb64: str) -> User | None:
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError, UnicodeDecodeError):
        return None
    return User.objects.filter(pk=pk, is_active=True).first()


@never_cache
@rate_limited("sign_in")
def sign_in_link(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """Open an emailed sign-in link: a button signs in (mail scanners that follow links do not).

    Signing in changes the last sign-in time, which makes the link dead.
    """
    user = _user_from_uid(uidb64)
    if user is None or not sign_in_link_tokens.check_token(user, token):
        return render(
            request,
            "accounts/link_invalid.html",
            {"again_url": reverse("accounts:sign_in_link_request")},
            status=400,
        )
    if request.method == "POST":
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        response = redirect("accounts:profile")
        _remember_browser(response, user)
        return response
    return render(request, "accounts/sign_in_link.html")


@method_decorator(rate_limited("password_reset"), name="dispatch")
class PasswordResetView(InvalidFormIs400, auth_views.PasswordResetView):
    form_class = PasswordResetRequestForm
    template_name = "accounts/password_reset_form.html"
    success_url = reverse_lazy("accounts:password_reset_done")

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        email = request.POST.get("email", "")[:254]
        if email and not is_allowed_for("password_reset_account", email):
            return too_many_requests(request)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form) -> HttpResponse:
        # The mail worker looks the address up and sends the link: the same answer and the same
        # work here whether or not the address has an account.
        services.email_link_request(
            kind=EmailLinkRequest.Kind.PASSWORD_RESET,
            email=form.cleaned_data["email"],
            language=get_language(),
        )
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


@method_decorator(rate_limited("password_reset"), name="dispatch")
class PasswordResetConfirmView(InvalidFormIs400, auth_views.PasswordResetConfirmView):
    form_class = NewPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@never_cache
@rate_limited("email_link")
def register(request: HttpRequest) -> HttpResponse:
    """First step of an account: its address, proven by a link we email to it.

    Whether the address is new or not, the answer is the same page; its owner alone learns
    which (a link to finish, or a note that someone tried to use their address).
    """
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    form = EmailForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if not is_allowed_for("email_link_account", email):
            return too_many_requests(request)
        services.email_link_request(
            kind=EmailLinkRequest.Kind.REGISTRATION, email=email, language=get_language()
        )
        return redirect("accounts:register_sent")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/register.html", {"form": form}, status=status)


def register_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/register_sent.html")


@never_cache
@rate_limited("public_write")
def register_finish(request: HttpRequest, token: str) -> HttpResponse:
    """Second step, from the emailed link: name, language and password; then signed in."""
    email = registration_email(token)
    if email is None or User.objects.filter(email__iexact=email).exists():
        # Too old, tampered with, or already used (the account exists).
        return render(
            request,
            "accounts/link_invalid.html",
            {"again_url": reverse("accounts:register")},
            status=400,
        )
    form = RegistrationForm(request.POST if request.method == "POST" else None, email=email)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_register(email=email, **form.cleaned_data)
        except IntegrityError:
            # The same link used twice at once: the other request made the account.
            return render(
                request,
                "accounts/link_invalid.html",
                {"again_url": reverse("accounts:register")},
                status=400,
            )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Your account is ready. Welcome!"))
        response = redirect("accounts:profile")
        _remember_browser(response, user)
        return response
    status = 400 if request.method == "POST" else 200
    return render(
        request, "accounts/register_finish.html", {"form": form, "email": email}, status=status
    )


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

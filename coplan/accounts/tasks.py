"""Account emails sent by the mail worker: links asked for at an address, two-step set-up links.

The task queue carries row ids, never addresses. For a link asked for at an address the worker
alone looks the address up, so the web request does the same work whether or not it has an
account.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_tasks import task

from coplan.core.mail import send_once

from .models import EmailLinkRequest, User
from .tokens import enrolment_link_tokens, registration_token, sign_in_link_tokens


def _site_url(path: str) -> str:
    return settings.COPLAN_SITE_URL.rstrip("/") + path


def _send(*, key: str, to: str, subject: str, template: str, context: dict) -> bool:
    """Send once the message named `key` (coplan.core.mail): a task run again sends nothing."""
    context = {"site_name": settings.COPLAN_SITE_NAME, **context}
    return send_once(
        key,
        lambda: EmailMultiAlternatives(
            subject=subject,
            body=render_to_string(f"accounts/email/{template}", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[to],
        ),
    )


def _request_key(request: EmailLinkRequest) -> str:
    # The row's id and time name the message; the address never goes into the key.
    return f"email-link-{request.kind}:{request.pk}:{request.requested_at.timestamp()}"


def _uid(user: User) -> str:
    return urlsafe_base64_encode(force_bytes(user.pk))


def _account(email: str) -> User | None:
    """The active account of an address that may sign in with a password, as Django's password
    reset finds it."""
    return next(iter(PasswordResetForm().get_users(email)), None)


def _registration(request: EmailLinkRequest) -> bool:
    existing = User.objects.filter(email__iexact=request.email).first()
    if existing is not None:
        _registration_existing(request, existing)
        return True
    with translation.override(request.language):
        path = reverse(
            "accounts:register_finish", kwargs={"token": registration_token(request.email)}
        )
        _send(
            key=_request_key(request),
            to=request.email,
            subject=_("Finish creating your account on %(site)s")
            % {"site": settings.COPLAN_SITE_NAME},
            template="registration_link.txt",
            context={
                "link": _site_url(path),
                "hours": settings.COPLAN_REGISTRATION_LINK_AGE // 3600,
            },
        )
    return True


def _registration_existing(request: EmailLinkRequest, existing: User) -> None:
    """The owner hears of it in their own language; the one who typed the address learns
    nothing more than for a new address."""
    with translation.override(existing.preferred_language):
        _send(
            key=_request_key(request),
            to=existing.email,
            subject=_("Someone tried to create an account with your address on %(site)s")
            % {"site": settings.COPLAN_SITE_NAME},
            template="registration_existing.txt",
            context={
                "sign_in_link": _site_url(reverse("accounts:login")),
                "password_reset_link": _site_url(reverse("accounts:password_reset")),
            },
        )


def _sign_in(request: EmailLinkRequest) -> bool:
    user = _account(request.email)
    if user is None:
        return False
    with translation.override(request.language):
        path = reverse(
            "accounts:sign_in_link",
            kwargs={"uidb64": _uid(user), "token": sign_in_link_tokens.make_token(user)},
        )
        _send(
            key=_request_key(request),
            to=user.email,
            subject=_("Your link to sign in to %(site)s") % {"site": settings.COPLAN_SITE_NAME},
            template="sign_in_link.txt",
            context={"link": _site_url(path), "minutes": settings.COPLAN_SIGN_IN_LINK_AGE // 60},
        )
    return True


def _password_reset(request: EmailLinkRequest) -> bool:
    user = _account(request.email)
    if user is None:
        return False
    with translation.override(request.language):
        context = {
            "uid": _uid(user),
            "token": default_token_generator.make_token(user),
            "site_url": settings.COPLAN_SITE_URL.rstrip("/"),
            "site_name": settings.COPLAN_SITE_NAME,
        }
        subject = render_to_string("accounts/password_reset_subject.txt", context)
        body = render_to_string("accounts/password_reset_email.txt", context)
    send_once(
        _request_key(request),
        lambda: EmailMultiAlternatives(
            subject="".join(subject.splitlines()),
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[user.email],
        ),
    )
    return True


SENDERS = {
    EmailLinkRequest.Kind.REGISTRATION: _registration,
    EmailLinkRequest.Kind.SIGN_IN: _sign_in,
    EmailLinkRequest.Kind.PASSWORD_RESET: _password_reset,
}


@task(queue_name="mail")
def email_link_send(request_id: int) -> bool:
    """Send the email a link request calls for (if any), then forget the address."""
    request = EmailLinkRequest.objects.filter(pk=request_id).first()
    if request is None:
        return False
    sent = SENDERS[request.kind](request)
    EmailLinkRequest.objects.filter(pk=request.pk).delete()
    return sent


@task(queue_name="mail")
def mfa_enrol_link_send(user_id: int, language: str, requested_at: float) -> bool:
    """Email a staff member the single-use link that lets them set up their second factor.

    `requested_at` (when the link was asked for) names the message: the task run again sends
    nothing more, a new request is a new message.
    """
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return False
    with translation.override(language):
        path = reverse(
            "accounts:mfa_enrol_link", kwargs={"token": enrolment_link_tokens.make_token(user)}
        )
        _send(
            key=f"mfa-enrol-link:{user.pk}:{requested_at}",
            to=user.email,
            subject=_("Set up two-step sign-in on %(site)s") % {"site": settings.COPLAN_SITE_NAME},
            template="mfa_enrol_link.txt",
            context={
                "link": _site_url(path),
                "minutes": settings.COPLAN_MFA_ENROL_LINK_AGE // 60,
                "password_reset_link": _site_url(reverse("accounts:password_reset")),
            },
        )
    return True

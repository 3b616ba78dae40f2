"""Single-use links sent by email: signing in without the password, setting up two-step sign-in,
finishing a registration.

A sign-in or set-up token is an HMAC over the account state it must not outlive (Django's
password-reset tokens): a sign-in link stops working when the person signs in (the last sign-in
time changes) or changes password; a set-up link stops working once a second factor is
confirmed; each stops working after its short lifetime. A registration token signs the address
and its time. Tokens are never stored: the mail worker makes them from the account.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import signing
from django.utils.http import base36_to_int

REGISTRATION_SALT = "coplan.accounts.registration"


class _ShortLivedTokenGenerator(PasswordResetTokenGenerator):
    """Django's reset token with a lifetime of its own (a setting, in seconds)."""

    lifetime_setting = ""

    def check_token(self, user, token) -> bool:
        if not super().check_token(user, token):
            return False
        try:
            made_at = base36_to_int(token.split("-", 1)[0])
        except ValueError:
            return False
        age = self._num_seconds(self._now()) - made_at
        return age <= getattr(settings, self.lifetime_setting)


class SignInLinkTokenGenerator(_ShortLivedTokenGenerator):
    # Django's hash value (id, password hash, last sign-in, email): used once, then dead.
    key_salt = "coplan.accounts.tokens.SignInLinkTokenGenerator"
    lifetime_setting = "COPLAN_SIGN_IN_LINK_AGE"


class EnrolmentLinkTokenGenerator(_ShortLivedTokenGenerator):
    key_salt = "coplan.accounts.tokens.EnrolmentLinkTokenGenerator"
    lifetime_setting = "COPLAN_MFA_ENROL_LINK_AGE"

    def _make_hash_value(self, user, timestamp: int) -> str:
        # Not the last sign-in time: the person may open the link on another device, where they
        # sign in first. The confirmed devices are in: a new one makes every older link dead.
        from django_otp import devices_for_user

        devices = ",".join(
            sorted(device.persistent_id for device in devices_for_user(user, confirmed=True))
        )
        return f"{user.pk}{user.password}{timestamp}{user.email}{devices}"


sign_in_link_tokens = SignInLinkTokenGenerator()
enrolment_link_tokens = EnrolmentLinkTokenGenerator()


def registration_token(email: str) -> str:
    return signing.dumps(email.lower(), salt=REGISTRATION_SALT)


def registration_email(token: str) -> str | None:
    """The address a registration link was sent to, or None if it is tampered with or too old."""
    try:
        return signing.loads(
            token, salt=REGISTRATION_SALT, max_age=settings.COPLAN_REGISTRATION_LINK_AGE
        )
    except signing.BadSignature:
        return None

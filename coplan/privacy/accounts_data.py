"""The personal data of the accounts app, declared here rather than in accounts' wiring.py:
privacy sits above accounts (its rules build on accounts' role predicates), so accounts may not
import the registry; privacy may import accounts."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from coplan.accounts.models import EmailLinkRequest, RoleChange, User

from .registry import PersonalData, Registry

ACCOUNTS_PERSONAL_DATA = (
    PersonalData(
        model=EmailLinkRequest,
        fields=("email",),
        purpose=_("sending a link asked for by email (registration, sign-in, password)"),
        subject_email="email",
        retention_anchor="requested_at",
        deidentify={"email": ""},
        export_fields=("kind", "requested_at"),
    ),
    PersonalData(
        model=User,
        fields=("email", "display_name", "last_login"),
        purpose=_("account sign-in and correspondence"),
        subject_user="pk",
        subject_email="email",
        retention_anchor=None,
        deidentify={"display_name": "", "email": "deidentified-{pk}@invalid"},
    ),
    # A staff member's roles over time (the audit of staff rights), shown to them in an access
    # request; kept while the account is, as the audit must be.
    PersonalData(
        model=RoleChange,
        fields=(),
        purpose=_("recording who was given or lost a staff role, and by whom"),
        subject_user="user",
        retention_anchor=None,
        export_fields=("role", "action", "at"),
    ),
)


def register_accounts(registry: Registry) -> None:
    """Email link requests, accounts and passkeys (django-otp-webauthn)."""
    for entry in ACCOUNTS_PERSONAL_DATA:
        registry.register(entry)
    # Passkeys: a device label (left empty) and the random handle that stands for the account
    # in its authenticators; the public keys identify no one.
    registry.exempt(
        "django_otp_webauthn.WebAuthnCredential",
        ["name", "credential_id", "public_key", "transports", "aaguid", "credential_id_sha256"],
        reason="a passkey's label, public key and technical identifiers",
    )
    registry.exempt_model(
        "django_otp_webauthn.WebAuthnAttestation",
        reason="what an authenticator says of itself when a passkey is made",
    )
    registry.exempt(
        "django_otp_webauthn.WebAuthnUserHandle",
        ["handle_hex"],
        reason="a random handle that stands for an account in its passkeys",
    )

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "coplan.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from coplan.privacy.registry import PersonalData, registry

        from .models import EmailLinkRequest, RoleChange, User

        registry.register(
            PersonalData(
                model=EmailLinkRequest,
                fields=("email",),
                purpose=_("sending a link asked for by email (registration, sign-in, password)"),
                subject_email="email",
                retention_anchor="requested_at",
                deidentify={"email": ""},
                export_fields=("kind", "requested_at"),
            )
        )
        registry.register(
            PersonalData(
                model=User,
                fields=("email", "display_name", "last_login"),
                purpose=_("account sign-in and correspondence"),
                subject_user="pk",
                subject_email="email",
                retention_anchor=None,
                deidentify={"display_name": "", "email": "deidentified-{pk}@invalid"},
            )
        )

        # A staff member's roles over time (the audit of staff rights), shown to them in an
        # access request; kept while the account is, as the audit must be.
        registry.register(
            PersonalData(
                model=RoleChange,
                fields=(),
                purpose=_("recording who was given or lost a staff role, and by whom"),
                subject_user="user",
                retention_anchor=None,
                export_fields=("role", "action", "at"),
            )
        )

        # Passkeys (django-otp-webauthn): a device label (left empty) and the random handle that
        # stands for the account in its authenticators; the public keys identify no one.
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

        from django.db.models.signals import m2m_changed

        m2m_changed.connect(
            _staff_role_marks_staff,
            sender=User.groups.through,
            dispatch_uid="accounts-staff-role-marks-staff",
        )


def _staff_role_marks_staff(sender, instance, action, pk_set, reverse, **kwargs) -> None:
    """A staff role given by any path (the admin's group widget too) marks the account as staff,
    so that a request can tell staff from participants without asking the database
    (`coplan.core.security.is_staff_account`)."""
    if action != "post_add" or not pk_set:
        return
    from django.contrib.auth.models import Group

    from .models import User
    from .roles import STAFF_ROLES

    if reverse:  # group.user_set.add(...): instance is the group, pk_set the users
        if instance.name in STAFF_ROLES:
            User.objects.filter(pk__in=pk_set, is_staff=False).update(is_staff=True)
        return
    if not instance.is_staff and Group.objects.filter(pk__in=pk_set, name__in=STAFF_ROLES).exists():
        User.objects.filter(pk=instance.pk).update(is_staff=True)
        instance.is_staff = True

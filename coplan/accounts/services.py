from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from coplan.core.references import is_referenced

from . import roles
from .models import EmailLinkRequest, Organisation, RoleChange, User

if TYPE_CHECKING:
    from django_otp.models import Device
    from django_otp.plugins.otp_totp.models import TOTPDevice


def user_register(
    *, email: str, password: str, display_name: str = "", preferred_language: str = "en"
) -> User:
    """Create a participant account; nothing is stored if any step fails."""
    with transaction.atomic():
        user = User.objects.create_user(
            email=email,
            password=password,
            display_name=display_name,
            preferred_language=preferred_language,
        )
        group, _ = Group.objects.get_or_create(name=roles.PARTICIPANT)
        user.groups.add(group)
    return user


def email_link_request(*, kind: str, email: str, language: str) -> EmailLinkRequest:
    """Record a link asked for at an address and queue its email (sent or not by the worker).

    The same work whether or not the address has an account: one row, one queued task.
    """
    from .tasks import email_link_send

    with transaction.atomic():
        request = EmailLinkRequest(kind=kind, email=email.strip(), language=language)
        request.full_clean()
        request.save()
        # In the same transaction: the database queue stores the task with the row, or neither.
        email_link_send.enqueue(request.pk)
    return request


def mfa_enrol_link_request(*, user: User, language: str) -> None:
    """Queue the email with the single-use link that lets the person set up a second factor."""
    from .tasks import mfa_enrol_link_send

    mfa_enrol_link_send.enqueue(user.pk, language, timezone.now().timestamp())


def roles_ensure() -> list[Group]:
    """Make sure every role exists as a group (idempotent)."""
    return [Group.objects.get_or_create(name=name)[0] for name in roles.ROLES]


def user_grant_role(*, user: User, role: str) -> None:
    if role not in roles.ROLES:
        raise ValueError(f"Unknown role {role!r}")
    group, _ = Group.objects.get_or_create(name=role)
    user.groups.add(group)
    if role in roles.STAFF_ROLES and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])


def user_roles_set(*, user: User, new_roles: Iterable[str], by: User) -> tuple[set[str], set[str]]:
    """Give `user` exactly `new_roles`; return the roles (granted, removed).

    Each change is recorded (RoleChange). A staff role marks the account as staff, the last
    staff role removed unmarks it. When a role is removed the person's rights drop: their
    sessions are signed out (a session made before no longer matches the account), so the
    rights go at once rather than at their next sign-in. An administrator cannot take away
    their own administrator role (nobody would be left to give it back), nor can the site's
    last administrator lose it.
    """
    wanted = set(new_roles)
    unknown = wanted - set(roles.ROLES)
    if unknown:
        raise ValidationError(_("Choose roles from the list."))
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        current = set(user.groups.values_list("name", flat=True)) & set(roles.ROLES)
        granted, removed = wanted - current, current - wanted
        if roles.ADMINISTRATOR in removed:
            _administrator_may_go(user, by)
        groups = {name: roles_group(name) for name in granted | removed}
        user.groups.add(*(groups[name] for name in granted))
        user.groups.remove(*(groups[name] for name in removed))
        RoleChange.objects.bulk_create(
            [RoleChange(user=user, role=name, action="granted", by=by) for name in granted]
            + [RoleChange(user=user, role=name, action="removed", by=by) for name in removed]
        )
        _account_follows_roles(user, wanted, removed)
    return granted, removed


def _administrator_may_go(user: User, by: User) -> None:
    """Nobody takes away their own administrator role, nor the site's last administrator's."""
    if user.pk == by.pk:
        raise ValidationError(_("You cannot remove your own administrator role."))
    others = (
        User.objects.filter(groups__name=roles.ADMINISTRATOR, is_active=True)
        .exclude(pk=user.pk)
        .exists()
    )
    if not others:
        raise ValidationError(_("The site needs at least one administrator."))


def _account_follows_roles(user: User, wanted: set[str], removed: set[str]) -> None:
    """Staff or not as the roles say; a role removed signs the person's sessions out."""
    fields: dict[str, object] = {}
    if removed:
        fields["session_generation"] = F("session_generation") + 1
    is_staff = user.is_superuser or bool(wanted & roles.STAFF_ROLES)
    if is_staff != user.is_staff:
        fields["is_staff"] = is_staff
    if fields:
        User.objects.filter(pk=user.pk).update(**fields)


def roles_group(name: str) -> Group:
    return Group.objects.get_or_create(name=name)[0]


def organisation_save(
    *, data: Mapping[str, Any], organisation: Organisation | None = None
) -> Organisation:
    """Create or change an organisation (names and acronyms in both languages)."""
    organisation = organisation or Organisation()
    for name, value in data.items():
        setattr(organisation, name, value)
    organisation.full_clean()
    organisation.save()
    return organisation


def organisation_delete(*, organisation: Organisation) -> None:
    """Delete an organisation nobody belongs to and no commitment names; else refuse."""
    with transaction.atomic():
        if is_referenced(organisation):
            raise ValidationError(
                _(
                    "This organisation has members or is named in the plan's work (commitments, "
                    "milestones, the forum): it cannot be deleted."
                )
            )
        organisation.delete()


# Multi-factor sign-in for staff: one TOTP device per person and ten single-use recovery codes.
RECOVERY_CODE_COUNT = 10
TOTP_DEVICE_NAME = "authenticator"
RECOVERY_DEVICE_NAME = "recovery codes"


def mfa_enrolment_start(*, user: User) -> TOTPDevice:
    """Return the person's unconfirmed authenticator (made once, reused until confirmed)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    with transaction.atomic():
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def mfa_enrolment_confirm(*, user: User, token: str) -> list[str] | None:
    """Confirm the authenticator with a first code; return new recovery codes, or None.

    On success any older authenticator and recovery codes of the person are replaced.
    """
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None or not device.verify_token(token):
        return None
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=True).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = mfa_recovery_codes_regenerate(user=user)
    return codes


def mfa_recovery_codes_regenerate(*, user: User) -> list[str]:
    """Replace the person's recovery codes with ten new ones; the old ones stop working."""
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def mfa_verify(*, user: User, token: str) -> Device | None:
    """The confirmed device (authenticator or recovery codes) that accepts the token, if any.

    A recovery code is used up by a successful check. Devices slow down repeated failures.
    """
    from django_otp import devices_for_user

    token = "".join(token.split()).lower()
    if not token or len(token) > 16:
        return None
    for device in devices_for_user(user, confirmed=True):
        if device.verify_token(token):
            return device
    return None


def mfa_has_passkey(*, user: User) -> bool:
    from django_otp_webauthn.models import WebAuthnCredential

    found: bool = WebAuthnCredential.objects.filter(user=user, confirmed=True).exists()
    return found


def mfa_reset(*, user: User) -> None:
    """Remove every second-factor device of a person (an administrator's recovery step)."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from django_otp_webauthn.models import WebAuthnCredential

    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        WebAuthnCredential.objects.filter(user=user).delete()

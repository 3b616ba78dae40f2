from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import transaction

from . import roles
from .models import User


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

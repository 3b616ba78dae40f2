"""What the accounts app adds to the others: a staff role given by any path (the admin's group
widget too) marks the account as staff. Read by `core.apps.wire_apps`."""

from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed

from .models import User
from .roles import STAFF_ROLES


def _staff_role_marks_staff(sender, instance, action, pk_set, reverse, **kwargs) -> None:
    """A staff role marks the account as staff, so that a request can tell staff from
    participants without asking the database (`coplan.core.security.is_staff_account`)."""
    if action != "post_add" or not pk_set:
        return
    if reverse:  # group.user_set.add(...): instance is the group, pk_set the users
        if instance.name in STAFF_ROLES:
            User.objects.filter(pk__in=pk_set, is_staff=False).update(is_staff=True)
        return
    if not instance.is_staff and Group.objects.filter(pk__in=pk_set, name__in=STAFF_ROLES).exists():
        User.objects.filter(pk=instance.pk).update(is_staff=True)
        instance.is_staff = True


m2m_changed.connect(
    _staff_role_marks_staff,
    sender=User.groups.through,
    dispatch_uid="accounts-staff-role-marks-staff",
)

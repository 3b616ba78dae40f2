"""Accounts given a staff role without the staff mark (e.g. through the admin's group widget
before the mark was kept in step) get it: the site now tells staff apart by the mark alone."""

from django.db import migrations

STAFF_ROLES = ["moderator", "analyst", "forum member", "department reporter", "administrator"]


def mark_staff(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    User.objects.filter(groups__name__in=STAFF_ROLES, is_staff=False).update(is_staff=True)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_roles")]
    operations = [migrations.RunPython(mark_staff, migrations.RunPython.noop)]

"""What the open data app adds to the others (read by `core.apps.wire_apps`): its section of
the process page and, on PostgreSQL, the upkeep of the stored contribution uses."""

from datetime import timedelta

from django.apps import apps
from django.db import connection
from django.db.models.signals import post_migrate

from coplan.core.scheduling import register_periodic
from coplan.processes.participation import register_process_section

from .sections import process_section_context
from .uses import after_migrate

register_process_section(
    order=80,
    template_name="opendata/process_section.html",
    context=process_section_context,
)
# PostgreSQL: the stored uses' triggers put back if a migration lost them, and the changes they
# note taken every minute so that a build finds little to catch up.
post_migrate.connect(
    after_migrate, sender=apps.get_app_config("opendata"), dispatch_uid="opendata_uses"
)
if connection.vendor == "postgresql":
    register_periodic(
        "opendata.uses",
        task_path="coplan.opendata.tasks.contribution_uses_refresh_task",
        every=timedelta(minutes=1),
    )

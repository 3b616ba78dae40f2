from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcessesConfig(AppConfig):
    name = "coplan.processes"
    label = "processes"
    verbose_name = _("Processes")

    def ready(self) -> None:
        from coplan.core.scheduling import register_periodic

        register_periodic(
            "processes.opportunities_sync_status",
            task_path="coplan.processes.tasks.opportunities_sync_status",
            every=timedelta(minutes=5),
        )

from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcessesConfig(AppConfig):
    name = "coplan.processes"
    label = "processes"
    verbose_name = _("Processes")

    def ready(self) -> None:
        from coplan.core.pagecache import invalidate_on
        from coplan.core.scheduling import register_periodic

        from .models import Opportunity, Phase, Process, StaticPage

        invalidate_on(Process, Phase, Opportunity, StaticPage)

        register_periodic(
            "processes.opportunities_sync_status",
            task_path="coplan.processes.tasks.opportunities_sync_status",
            every=timedelta(minutes=5),
        )

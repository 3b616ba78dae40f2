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
        from coplan.privacy.registry import registry

        from .models import ContactBlock, Opportunity, Phase, Process, StaticPage, VideoBlock

        invalidate_on(Process, Phase, Opportunity, StaticPage, VideoBlock, ContactBlock)
        registry.exempt(
            ContactBlock, ["email"], reason="the team's address for the public, not a person's"
        )
        registry.exempt(
            VideoBlock,
            ["video_file", "captions_en", "captions_fr", "embed_url"],
            reason="a video the team publishes, its captions and its address",
        )

        register_periodic(
            "processes.opportunities_sync_status",
            task_path="coplan.processes.tasks.opportunities_sync_status",
            every=timedelta(minutes=5),
        )

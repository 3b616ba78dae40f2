from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    name = "coplan.opendata"
    label = "opendata"
    verbose_name = _("Open data")

    def ready(self) -> None:
        from coplan.processes.participation import register_process_section

        from .sections import process_section_context

        register_process_section(
            order=80,
            template_name="opendata/process_section.html",
            context=process_section_context,
        )

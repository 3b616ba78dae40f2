from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    """What this app adds to the others is declared in `wiring.py`."""

    name = "coplan.opendata"
    label = "opendata"
    verbose_name = _("Open data")

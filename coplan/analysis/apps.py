from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysisConfig(AppConfig):
    """What this app adds to the others is declared in `wiring.py`."""

    name = "coplan.analysis"
    label = "analysis"
    verbose_name = _("Analysis")

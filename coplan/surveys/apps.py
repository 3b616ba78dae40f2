from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    """What this app adds to the others is declared in `wiring.py`."""

    name = "coplan.surveys"
    label = "surveys"
    verbose_name = _("Questionnaires")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    # What intake adds to the others is declared in wiring.py (read by core.apps.wire_apps).
    name = "coplan.intake"
    label = "intake"
    verbose_name = _("Intake")

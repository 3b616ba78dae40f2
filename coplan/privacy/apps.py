from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    # What privacy adds to the others is declared in wiring.py (read by core.apps.wire_apps).
    name = "coplan.privacy"
    label = "privacy"
    verbose_name = _("Privacy")

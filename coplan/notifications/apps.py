from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    # What notifications adds to the others is declared in wiring.py (read by
    # core.apps.wire_apps).
    name = "coplan.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

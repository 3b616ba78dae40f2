from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    # What accounts adds to the others is declared in wiring.py (read by core.apps.wire_apps);
    # its personal data is declared by the privacy app (privacy.accounts_data), which sits above
    # accounts: accounts imports nothing of it.
    name = "coplan.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "coplan.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from coplan.privacy.registry import PersonalData, registry

        from .models import User

        registry.register(
            PersonalData(
                model=User,
                fields=("email", "display_name", "last_login"),
                purpose="account sign-in and correspondence",
                subject_user="pk",
                subject_email="email",
                retention_anchor=None,
                deidentify={"display_name": "", "email": "deidentified-{pk}@invalid"},
            )
        )

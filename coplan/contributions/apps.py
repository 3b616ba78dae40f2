from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContributionsConfig(AppConfig):
    name = "coplan.contributions"
    label = "contributions"
    verbose_name = _("Contributions")

    def ready(self) -> None:
        from coplan.privacy.registry import PersonalData, registry

        from .models import ContributorContact

        registry.register(
            PersonalData(
                model=ContributorContact,
                fields=("name", "email"),
                purpose="answering the contributor and crediting them if they wish",
                subject_user="contribution__author_id",
                subject_email="email",
                retention_anchor="contribution__process__completed_on",
                deidentify={"name": "", "email": ""},
            )
        )

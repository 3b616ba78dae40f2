from django.apps import AppConfig
from django.contrib.staticfiles.apps import StaticFilesConfig as StaticFilesConfigBase
from django.db import models
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    # apps.py holds two configs: say which one INSTALLED_APPS' "coplan.core" means.
    default = True
    name = "coplan.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from datetime import timedelta

        from django.contrib import admin
        from django.contrib.admin import options

        from .scheduling import register_periodic

        register_periodic(
            "core.task_results_prune",
            task_path="coplan.core.tasks.task_results_prune",
            every=timedelta(days=1),
        )
        register_periodic(
            "core.outgoing_mail_prune",
            task_path="coplan.core.tasks.outgoing_mail_prune",
            every=timedelta(days=1),
        )

        # Addresses typed without a scheme in the admin are https ones (Django 6's default);
        # saying so also silences Django 5.2's deprecation warning on every admin URL field.
        # Admin classes copy the defaults when registered, so those already registered (and
        # those registered later, through the defaults) both get it.
        options.FORMFIELD_FOR_DBFIELD_DEFAULTS[models.URLField] = {
            **options.FORMFIELD_FOR_DBFIELD_DEFAULTS[models.URLField],
            "assume_scheme": "https",
        }
        for model_admin in admin.site._registry.values():  # noqa: SLF001
            overrides = model_admin.formfield_overrides.setdefault(models.URLField, {})
            overrides.setdefault("assume_scheme", "https")


class StaticFilesConfig(StaticFilesConfigBase):
    """The font package ships sample CSS pointing at "path/to/file": we use our own fonts.css."""

    ignore_patterns = [
        *StaticFilesConfigBase.ignore_patterns,
        "gcds-lato.css",
        "gcds-noto-sans.css",
        "gcds-noto-sans-mono.css",
        "gcds-icons.css",
        "*.md",
        "LICENSE.txt",
    ]

from importlib import import_module

from django.apps import AppConfig, apps
from django.contrib.staticfiles.apps import StaticFilesConfig as StaticFilesConfigBase
from django.db import models
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext_lazy as _

WIRING_MODULE = "wiring"


def wire_apps() -> list[str]:
    """Import every Coplan app's `wiring` module once, in INSTALLED_APPS order; answer their names.

    Each app declares what it adds to the others (personal data for the privacy registry,
    periodic jobs, participation pages, process-page sections, commentable types, decision
    listeners, permissions) at the top level of its own `wiring.py`: the one place to read how
    the apps plug into each other. `ready()` methods hold no wiring."""
    wired = []
    for config in apps.get_app_configs():
        if config.name.startswith("coplan.") and module_has_submodule(config.module, WIRING_MODULE):
            wired.append(f"{config.name}.{WIRING_MODULE}")
            import_module(wired[-1])
    return wired


class CoreConfig(AppConfig):
    # apps.py holds two configs: say which one INSTALLED_APPS' "coplan.core" means.
    default = True
    name = "coplan.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.contrib import admin
        from django.contrib.admin import options

        wire_apps()

        from .authentication import connect

        # Who is signed in is remembered per process until an account changes (issue 21).
        connect()

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

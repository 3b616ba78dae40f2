from django.apps import AppConfig
from django.contrib.staticfiles.apps import StaticFilesConfig as StaticFilesConfigBase
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "coplan.core"
    label = "core"
    verbose_name = _("Core")


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

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysisConfig(AppConfig):
    name = "coplan.analysis"
    label = "analysis"
    verbose_name = _("Analysis")

    def ready(self) -> None:
        from datetime import timedelta

        from django.db.backends.signals import connection_created

        from coplan.core.scheduling import register_periodic

        from .search import install_sqlite_functions

        # SQLite has no unaccent(): the search fallback registers one on every connection.
        connection_created.connect(install_sqlite_functions, dispatch_uid="analysis_sqlite_fns")
        register_periodic(
            "analysis.retrain",
            task_path="coplan.analysis.tasks.retrain_all",
            every=timedelta(hours=6),
        )

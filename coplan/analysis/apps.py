from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysisConfig(AppConfig):
    name = "coplan.analysis"
    label = "analysis"
    verbose_name = _("Analysis")

    def ready(self) -> None:
        from datetime import timedelta

        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        from coplan.core.scheduling import register_periodic
        from coplan.moderation.annotations import register_queue_annotation

        from .dbindexes import after_migrate
        from .moderation_advice import ANNOTATION_NAME, rejection_risk_notes
        from .search import install_sqlite_functions

        # SQLite has no unaccent(): the search fallback registers one on every connection.
        connection_created.connect(install_sqlite_functions, dispatch_uid="analysis_sqlite_fns")
        # A rebuilt contributions table loses the analysis indexes and triggers: put them back.
        post_migrate.connect(after_migrate, sender=self, dispatch_uid="analysis_indexes")
        # The moderation queue shows likely rejections without importing this app.
        register_queue_annotation(ANNOTATION_NAME, rejection_risk_notes)
        # A contribution's page and "My contributions" show its outcome without importing this
        # app; cached pages drop when an assessment or a report changes.
        from coplan.core.pagecache import invalidate_on

        from . import outcomes
        from .models import ContributionAssessment, Report

        outcomes.register()
        invalidate_on(ContributionAssessment, Report)
        _register_personal_data()
        register_periodic(
            "analysis.retrain",
            task_path="coplan.analysis.tasks.retrain_all",
            every=timedelta(hours=6),
        )


def _register_personal_data() -> None:
    """Texts copied from contributions may carry what identifies their authors: on retention
    they are masked like the contributions themselves."""
    from coplan.privacy.deidentify import masked
    from coplan.privacy.registry import PersonalData, registry

    from .models import CampaignMember, ContributionAssessment, ContributionTranslation

    for model, field, purpose in (
        (ContributionTranslation, "text", _("translating contributions for reports and data")),
        (CampaignMember, "added_text", _("coding what a campaign's sender added in their words")),
        (ContributionAssessment, "note", _("noting how an analyst assessed a contribution")),
    ):
        registry.register(
            PersonalData(
                model=model,
                fields=(field,),
                purpose=purpose,
                retention_anchor="contribution__process__completed_on",
                deidentify={field: masked(field)},
            )
        )

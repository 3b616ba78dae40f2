"""What the analysis app adds to the others (read by `core.apps.wire_apps`): the SQLite search
functions and the indexes put back after a migration, the moderation queue's rejection-risk
notes, contributions' outcomes, the cached pages an assessment or a report drops, the personal
data in analysts' copies of contributions, and the periodic retraining."""

from datetime import timedelta

from django.apps import apps
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from coplan.core.pagecache import invalidate_on
from coplan.core.scheduling import register_periodic
from coplan.moderation.annotations import register_queue_annotation
from coplan.privacy.deidentify import masked
from coplan.privacy.registry import PersonalData, registry

from . import outcomes
from .dbindexes import after_migrate
from .models import CampaignMember, ContributionAssessment, ContributionTranslation, Report
from .moderation_advice import ANNOTATION_NAME, rejection_risk_notes
from .search import install_sqlite_functions

# SQLite has no unaccent(): the search fallback registers one on every connection.
connection_created.connect(install_sqlite_functions, dispatch_uid="analysis_sqlite_fns")
# A rebuilt contributions table loses the analysis indexes and triggers: put them back.
post_migrate.connect(
    after_migrate, sender=apps.get_app_config("analysis"), dispatch_uid="analysis_indexes"
)
# The moderation queue shows likely rejections without importing this app.
register_queue_annotation(ANNOTATION_NAME, rejection_risk_notes)
# A contribution's page and "My contributions" show its outcome without importing this app;
# cached pages drop when an assessment or a report changes.
outcomes.register()
invalidate_on(ContributionAssessment, Report)

# Texts copied from contributions may carry what identifies their authors: on retention they
# are masked like the contributions themselves.
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

register_periodic(
    "analysis.retrain",
    task_path="coplan.analysis.tasks.retrain_all",
    every=timedelta(hours=6),
)

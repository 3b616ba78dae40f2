"""What the notifications app adds to the others: the personal data of subscribers and
deliveries; its periodic jobs; the "stay connected" section of the process page; withdrawal of
unpublished contributions; and the announcements it makes from the records other apps keep
(`hooks`), with the objects people may follow. Read by `core.apps.wire_apps`.

The apps below notifications never import it (docs/architecture.md): it listens to their rows,
only for the apps that are installed."""

from datetime import timedelta

from django.apps import apps
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _

from coplan.contributions import models as contributions
from coplan.contributions.decisions import register_decision_listener
from coplan.contributions.followup import register_followup
from coplan.core.scheduling import register_periodic
from coplan.privacy.registry import PersonalData, Withdrawable, registry
from coplan.processes.participation import register_process_section

from . import hooks
from .followables import register_followable
from .models import AnnouncementKind, Delivery, DetectorState, Subscriber
from .views import stay_connected_context


def _contribution_process(contribution):
    return contribution.process


def _followable_contributions(queryset):
    # From its page, anyone may follow what becomes of a published contribution.
    return queryset.filter(moderation_state="published")


def _commitment_process(commitment):
    return commitment.process


def _followable_commitments(queryset):
    # A withdrawn commitment has no progress to follow.
    return queryset.exclude(status="withdrawn")


def _announce_on_save(handler, label: str) -> None:
    post_save.connect(
        handler, sender=apps.get_model(label), dispatch_uid=f"notifications.{handler.__name__}"
    )


def _register_contribution_withdrawal() -> None:
    """Let people withdraw their unpublished contributions from their access-request page.

    This belongs with the contributions app; it is wired here (an app above contributions, so
    the import direction holds) until contributions registers it itself.
    """
    if any(entry.model is contributions.Contribution for entry in registry.withdrawables()):
        return
    registry.register_withdrawable(
        Withdrawable(
            model=contributions.Contribution,
            state_field="moderation_state",
            withdrawn_state=contributions.ModerationState.WITHDRAWN,
            transitions=contributions.MODERATION_TRANSITIONS,
            subject_user="author_id",
            subject_email="contact__email",
            describe=lambda c: (c.public_title or c.public_text)[:120],
        )
    )


registry.register(
    PersonalData(
        model=Subscriber,
        fields=("email",),
        purpose=_("sending the news the person subscribed to"),
        subject_user="user_id",
        subject_email="email",
        # Kept while subscribed; de-identified 18 months after unsubscribing. An address that
        # only followed contributions is unsubscribed when their consultation ends
        # (notifications.followups).
        retention_anchor="unsubscribed_at",
        deidentify={"email": "deidentified-{pk}@invalid"},
        export_fields=("language", "frequency", "created_at", "confirmed_at"),
        client_hash_fields=("client_hash",),
        client_hash_anchor="created_at",
    )
)
# A mail server's refusal often quotes the recipient's address.
registry.register(
    PersonalData(
        model=Delivery,
        fields=("last_error",),
        purpose=_("retrying an email that could not be delivered"),
        subject_email="subscriber__email",
        retention_anchor="subscriber__unsubscribed_at",
        deidentify={"last_error": ""},
    )
)
registry.exempt(DetectorState, ["name"], reason="the name of an event detector")
for _task, _every in [
    ("events_detect", timedelta(minutes=5)),
    ("deliveries_retry", timedelta(minutes=5)),
    ("digests_send", timedelta(days=7)),
    # Contribution follow-ups end with their consultation (notifications.followups).
    ("contribution_followups_end", timedelta(days=1)),
]:
    register_periodic(
        f"notifications.{_task}", task_path=f"coplan.notifications.tasks.{_task}", every=_every
    )
register_process_section(
    order=900,
    template_name="notifications/process_section.html",
    context=stay_connected_context,
)
_register_contribution_withdrawal()

_announce_on_save(hooks.opportunity_status_change_announce, "processes.OpportunityStatusChange")
if apps.is_installed("coplan.events"):
    _announce_on_save(hooks.event_announce, "events.Event")
    register_decision_listener(
        "session_proposal",
        "notifications.proposed_sessions_announce",
        hooks.proposed_sessions_announce,
    )
if apps.is_installed("coplan.analysis"):
    _announce_on_save(hooks.report_announce, "analysis.Report")
    _announce_on_save(hooks.assessment_announce, "analysis.ContributionAssessment")
register_followup(hooks.contribution_followup)
register_followable(
    contributions.Contribution,
    kinds=(AnnouncementKind.CONTRIBUTION_RESPONSE,),
    process=_contribution_process,
    visible=_followable_contributions,
)
if apps.is_installed("coplan.commitments"):
    register_followable(
        apps.get_model("commitments", "Commitment"),
        kinds=(AnnouncementKind.COMMITMENT_PROGRESS,),
        process=_commitment_process,
        visible=_followable_commitments,
    )
    _announce_on_save(hooks.progress_update_announce, "commitments.ProgressUpdate")
    _announce_on_save(hooks.contribution_link_announce, "commitments.ContributionLink")
if apps.is_installed("coplan.plans"):
    _announce_on_save(hooks.plan_event_announce, "plans.PlanEvent")

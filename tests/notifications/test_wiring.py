"""What the notifications app adds to the others (its wiring.py, read at start-up)."""

from __future__ import annotations

from django.apps import apps
from django.db.models.signals import post_save

from coplan.contributions.models import Contribution
from coplan.core.scheduling import periodic_jobs
from coplan.notifications import hooks
from coplan.notifications.followables import followable_for
from coplan.notifications.models import AnnouncementKind
from coplan.privacy.registry import registry


def _listens(label: str, handler) -> bool:
    receivers = post_save._live_receivers(apps.get_model(label))
    return handler in [receiver for group in receivers for receiver in group]


def test_records_of_the_apps_below_are_announced_when_saved():
    for label, handler in [
        ("processes.OpportunityStatusChange", hooks.opportunity_status_change_announce),
        ("events.Event", hooks.event_announce),
        ("analysis.Report", hooks.report_announce),
        ("analysis.ContributionAssessment", hooks.assessment_announce),
        ("commitments.ProgressUpdate", hooks.progress_update_announce),
        ("commitments.ContributionLink", hooks.contribution_link_announce),
        ("plans.PlanEvent", hooks.plan_event_announce),
    ]:
        assert _listens(label, handler), label


def test_contributions_and_commitments_may_be_followed():
    contribution = followable_for(Contribution)
    assert contribution.kinds == (AnnouncementKind.CONTRIBUTION_RESPONSE,)
    commitment = followable_for(apps.get_model("commitments", "Commitment"))
    assert commitment.kinds == (AnnouncementKind.COMMITMENT_PROGRESS,)


def test_its_jobs_run_and_unpublished_contributions_may_be_withdrawn():
    names = {job.name for job in periodic_jobs()}
    assert {
        "notifications.events_detect",
        "notifications.deliveries_retry",
        "notifications.digests_send",
        "notifications.contribution_followups_end",
    } <= names
    withdrawable = [entry.model for entry in registry.withdrawables()]
    assert withdrawable.count(Contribution) == 1

"""Announcements from the records other apps already keep, connected from this side.

The commitments and plans apps sit below notifications (see docs/architecture.md): they never
import it. Each event they record is a row — a `ProgressUpdate` when progress is reported, a
`PlanEvent` when a version is published — so notifications listens for those rows being
created and announces them in the same transaction: if the service's work is rolled back, so is
the announcement, and the fan-out is queued only once everything is committed.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models.signals import post_save

from .followables import register_followable
from .models import AnnouncementKind
from .services import announcement_create


def _commitment_process(commitment):
    return commitment.process


def _followable_commitments(queryset):
    # A withdrawn commitment has no progress to follow.
    return queryset.exclude(status="withdrawn")


def progress_update_announce(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    """A progress update (government report or civil-society assessment) was posted."""
    if not created or raw:
        return
    milestone = instance.milestone
    commitment = milestone.commitment
    titles = {
        lang: getattr(commitment, f"title_{lang}") or commitment.title for lang in ("en", "fr")
    }
    title = {lang: f"{commitment.identifier} – {text}" for lang, text in titles.items()}
    body = {lang: getattr(instance, f"text_{lang}", "") or instance.text for lang in ("en", "fr")}
    announcement_create(
        kind=AnnouncementKind.COMMITMENT_PROGRESS,
        process=commitment.process,
        obj=commitment,
        title=title,
        body=body,
        url=milestone.get_absolute_url(),
        key=f"commitment_progress:{instance.pk}",
    )


PLAN_EVENT_KINDS = {
    "published_review": AnnouncementKind.DRAFT_PLAN_PUBLISHED,
    "published_final": AnnouncementKind.FINAL_PLAN_PUBLISHED,
}


def plan_event_announce(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    """A plan version was published for public review or as the final plan."""
    kind = PLAN_EVENT_KINDS.get(instance.kind)
    if not created or raw or kind is None or instance.version_id is None:
        return
    version = instance.version
    announcement_create(
        kind=kind,
        process=instance.plan.process,
        obj=version,
        title={lang: getattr(version, f"title_{lang}") or version.title for lang in ("en", "fr")},
        key=f"{kind}:{version.pk}",
    )


def connect() -> None:
    """Called from NotificationsConfig.ready(): only for the apps that are installed."""
    if apps.is_installed("coplan.commitments"):
        commitment = apps.get_model("commitments", "Commitment")
        register_followable(
            commitment,
            kinds=(AnnouncementKind.COMMITMENT_PROGRESS,),
            process=_commitment_process,
            visible=_followable_commitments,
        )
        post_save.connect(
            progress_update_announce,
            sender=apps.get_model("commitments", "ProgressUpdate"),
            dispatch_uid="notifications.progress_update_announce",
        )
    if apps.is_installed("coplan.plans"):
        post_save.connect(
            plan_event_announce,
            sender=apps.get_model("plans", "PlanEvent"),
            dispatch_uid="notifications.plan_event_announce",
        )

"""Announcements from the records other apps already keep, connected from this side.

The apps below notifications (see docs/architecture.md) never import it. Each event they record
is a row — an `OpportunityStatusChange` when an opportunity opens or closes (scheduler, staff
page or admin: all through `processes.services.opportunity_status_set`), a `ProgressUpdate` when
progress is reported, a `PlanEvent` when a plan version is published, a `Report` saved as
published, an `Event` (session) created, a `ContributionAssessment` or `ContributionLink` that
answers a contribution — so notifications listens for those rows and announces
them in the same transaction: if the service's work is rolled back, so is the announcement, and
the fan-out is queued only once everything is committed. Each announcement is keyed by its
record, so a record saved again is never announced twice.
"""

from __future__ import annotations

import hashlib

from django.apps import apps
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator

from .models import AnnouncementKind, Subscriber
from .services import announcement_create, opportunity_change_announce, subscription_request


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


def opportunity_status_change_announce(
    sender, instance, created: bool, raw: bool = False, **kwargs
) -> None:
    """An opportunity opened or closed, whoever changed it."""
    if created and not raw:
        opportunity_change_announce(change=instance)


def report_announce(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    """A What We Heard report was published (by the analysis service or in the admin)."""
    if raw or instance.status != "published":
        return
    process = instance.process
    with translation.override("en"):
        url = reverse("analysis:report", kwargs={"pk": instance.pk})
    title = {}
    for lang in ("en", "fr"):
        with translation.override(lang):
            title[lang] = translation.gettext("What We Heard: %(title)s") % {
                "title": getattr(process, f"title_{lang}") or process.title
            }
    announcement_create(
        kind=AnnouncementKind.REPORT_PUBLISHED,
        process=process,
        obj=instance,
        title=title,
        url=url,
        key=f"report_published:{instance.pk}",
    )


def event_announce(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    """A session was scheduled: announced when it is created, if it is still to come. A
    session proposed by a partner is announced when a moderator publishes its proposal
    (`proposed_sessions_announce`), never while it waits."""
    if not created or raw or instance.starts_at <= timezone.now() or instance.proposal_id:
        return
    _event_announcement(instance)


def _event_announcement(instance) -> None:
    announcement_create(
        kind=AnnouncementKind.EVENT_ANNOUNCED,
        process=instance.opportunity.phase.process,
        obj=instance,
        title={lang: getattr(instance, f"title_{lang}") or instance.title for lang in ("en", "fr")},
        body={
            lang: getattr(instance, f"description_{lang}") or instance.description
            for lang in ("en", "fr")
        },
        key=f"event_announced:{instance.pk}",
    )


def proposed_sessions_announce(ids, new_state: str) -> None:
    """Listener of moderation decisions (contributions.decisions): a proposed session that is
    published and still to come is announced like the team's own (idempotent by its key)."""
    if new_state != "published":
        return
    proposed = (
        apps.get_model("events", "Event")
        .objects.public()
        .filter(proposal_id__in=ids, starts_at__gt=timezone.now())
        .select_related("opportunity__phase__process")
    )
    for event in proposed:
        _event_announcement(event)


def contribution_followup(*, contribution, email: str, language: str, user=None) -> None:
    """The contributor asked at submission to be told of the response (contributions.followup):
    a subscription to the contribution, confirmed by the usual message before anything else."""
    subscription_request(
        email=email,
        language=language if language in ("en", "fr") else "en",
        frequency=Subscriber.Frequency.IMMEDIATE,
        process=contribution.process,
        target=contribution,
        kinds=[AnnouncementKind.CONTRIBUTION_RESPONSE],
        user=user,
    )


def _contribution_title(contribution, language: str) -> str:
    title = contribution.public_title or Truncator(contribution.public_text).chars(80)
    with translation.override(language):
        return translation.gettext("Your contribution: %(title)s") % {"title": title}


def _contribution_url(contribution) -> str:
    # Only a published contribution has a page strangers may open.
    if contribution.moderation_state != "published":
        return ""
    with translation.override("en"):
        return contribution.public_page_url()


def assessment_announce(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    """An analyst gave a contribution a disposition or a reasoned response: its followers are
    told, once per distinct answer (saving the same answer again announces nothing)."""
    responses = {"en": instance.response_en or "", "fr": instance.response_fr or ""}
    if raw or (instance.disposition_id is None and not any(responses.values())):
        return
    contribution = instance.contribution
    if contribution.moderation_state == "withdrawn":
        return
    body = {lang: _response_body(instance.disposition, responses, lang) for lang in ("en", "fr")}
    answer = f"{instance.disposition_id}|{instance.response_en}|{instance.response_fr}"
    digest = hashlib.sha256(answer.encode()).hexdigest()[:16]
    announcement_create(
        kind=AnnouncementKind.CONTRIBUTION_RESPONSE,
        process=contribution.process,
        obj=contribution,
        title={lang: _contribution_title(contribution, lang) for lang in ("en", "fr")},
        body=body,
        url=_contribution_url(contribution),
        key=f"contribution_response:{contribution.pk}:{digest}",
    )


def _response_body(disposition, responses: dict[str, str], lang: str) -> str:
    """The decision (the disposition's name) and the reasoned response, in one language (the
    other language's response when this one has none)."""
    response = responses[lang] or responses["en"] or responses["fr"]
    name = (getattr(disposition, f"name_{lang}") or disposition.name) if disposition else ""
    with translation.override(lang):
        parts = [
            translation.gettext("Decision: %(disposition)s") % {"disposition": name}
            if name
            else "",
            response or "",
        ]
    return "\n\n".join(part for part in parts if part)


def contribution_link_announce(
    sender, instance, created: bool, raw: bool = False, **kwargs
) -> None:
    """A contribution was linked to the commitment it inspired: its followers are told."""
    if not created or raw:
        return
    contribution = instance.contribution
    commitment = instance.commitment
    body = {lang: _link_body(instance, lang) for lang in ("en", "fr")}
    announcement_create(
        kind=AnnouncementKind.CONTRIBUTION_RESPONSE,
        process=contribution.process,
        obj=contribution,
        title={lang: _contribution_title(contribution, lang) for lang in ("en", "fr")},
        body=body,
        url=_contribution_url(contribution) or commitment.get_absolute_url(),
        key=f"contribution_used:{instance.pk}",
    )


def _link_body(link, lang: str) -> str:
    """The commitment the contribution is used in, then the analyst's response, in one
    language."""
    commitment = link.commitment
    title = getattr(commitment, f"title_{lang}") or commitment.title
    response = getattr(link, f"response_{lang}") or link.response
    with translation.override(lang):
        used = translation.gettext("It is used in the commitment %(commitment)s.") % {
            "commitment": f"{commitment.identifier} – {title}"
        }
    return "\n\n".join(part for part in (used, response) if part)

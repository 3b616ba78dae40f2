"""Every kind of news a person can ask for is sent by the service that does the thing.

The list of kinds is read from the subscription form and from the followable objects: a kind
offered there without a driver below fails `test_every_kind_offered_has_an_emitter`. Each driver
does the real thing through its app's service (or the admin), and the test checks the French
subscriber's email: subject in French, a link to the French page, RFC 8058 one-click headers.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone, translation

from coplan.notifications.followables import _followables
from coplan.notifications.forms import SubscribeForm
from coplan.notifications.models import Announcement
from coplan.processes.models import Opportunity
from tests.notifications.smtp import body_text
from tests.processes.factories import OpportunityFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Plans, data sets and reports store their files under a temporary media root."""
    settings.MEDIA_ROOT = tmp_path / "media"


@dataclass(frozen=True)
class Emitted:
    title_fr: str  # what the French subject must contain
    path_fr: str  # the French page the email must link to


def _fr(path_en: str) -> str:
    from coplan.notifications.emails import path_in_language

    return path_in_language(path_en, "fr")


def _phase_opened(process, client) -> Emitted:
    from coplan.notifications.services import events_detect

    phase = process.phases.get(kind="review")
    events_detect(today=phase.starts_on)  # the scheduler's daily look at the phases' dates
    events_detect(today=phase.starts_on)  # a second tick the same day announces nothing more
    return Emitted(phase.name_fr, _fr(process.get_absolute_url()))


def _opportunity(process, status: str) -> Opportunity:
    return OpportunityFactory(
        phase=process.phases.get(kind="development"),
        status=status,
        title_en="Share your ideas",
        title_fr="Proposez vos idées",
    )


def _opportunity_opened(process, client) -> Emitted:
    from coplan.processes.services import opportunity_open

    opportunity = _opportunity(process, "announced")
    opportunity_open(opportunity=opportunity)
    return Emitted("Proposez vos idées", _fr(opportunity.get_absolute_url()))


def _opportunity_opened_in_the_admin(process, client) -> Emitted:
    from tests.accounts.factories import UserFactory
    from tests.processes.helpers import _opportunity_form

    opportunity = _opportunity(process, "announced")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.post(
        f"/en/admin/processes/opportunity/{opportunity.pk}/change/",
        _opportunity_form(opportunity, status="open"),
    )
    assert response.status_code == 302, response.context_data["adminform"].form.errors
    client.logout()
    return Emitted("Proposez vos idées", _fr(opportunity.get_absolute_url()))


def _opportunity_closed_by_its_date(process, client) -> Emitted:
    from coplan.processes.services import opportunities_sync_status

    opportunity = _opportunity(process, "open")
    Opportunity.objects.filter(pk=opportunity.pk).update(
        closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert opportunities_sync_status()["closed"] == 1
    return Emitted("Proposez vos idées", _fr(opportunity.get_absolute_url()))


def _draft_plan_published(process, client) -> Emitted:
    from tests.plans.factories import plan_opportunities, published_review

    plan_opportunities(process)
    review = published_review(process)
    return Emitted(review.title_fr, _fr(review.get_absolute_url()))


def _final_plan_published(process, client) -> Emitted:
    from coplan.plans import services
    from coplan.plans.models import PlanVersion
    from tests.plans.factories import approve, plan_opportunities, published_review

    plan_opportunities(process)
    review = published_review(process)
    version = services.plan_version_create(plan=review.plan, actor=None)
    approve(version)
    services.plan_version_publish(version=version, status=PlanVersion.Status.FINAL, actor=None)
    return Emitted(version.title_fr, _fr(version.get_absolute_url()))


def _report_published(process, client) -> Emitted:
    from coplan.analysis import services

    report = services.report_create(process=process)
    services.report_publish(report=report)
    with translation.override("fr"):
        path = reverse("analysis:report", kwargs={"pk": report.pk})
    return Emitted(process.title_fr, path)


def _dataset_published(process, client) -> Emitted:
    from coplan.opendata.services import dataset_version_request

    version = dataset_version_request(process=process, kind="commitments")
    version.refresh_from_db()
    assert version.status == "published"
    return Emitted(version.title_fr, _fr(version.get_absolute_url()))


def _event_announced(process, client) -> Emitted:
    from tests.events.factories import EventFactory

    opportunity = OpportunityFactory(phase=process.phases.get(kind="development"), kind="sessions")
    event = EventFactory(opportunity=opportunity, title_fr="Séance à Halifax")
    return Emitted("Séance à Halifax", _fr(event.get_absolute_url()))


def _forum(process):
    from coplan.forum import services

    return services.forum_create(slug="msf", name_en="Forum", name_fr="Forum", process=process)


def _forum_minutes_published(process, client) -> Emitted:
    from coplan.forum import services
    from coplan.forum.models import MeetingStatus

    meeting = services.meeting_create(
        forum=_forum(process),
        held_at=timezone.now() - datetime.timedelta(days=3),
        title_en="Meeting",
        title_fr="Réunion de mars",
        agenda_en="Agenda.",
        agenda_fr="Ordre du jour.",
        minutes_en="We met.",
        minutes_fr="Nous nous sommes réunis.",
        decisions_en="We decided.",
        decisions_fr="Nous avons décidé.",
    )
    services.meeting_set_status(meeting=meeting, status=MeetingStatus.AGENDA_PUBLISHED)
    services.meeting_set_status(meeting=meeting, status=MeetingStatus.MINUTES_PUBLISHED)
    with translation.override("fr"):
        path = reverse("forum:meeting", kwargs={"slug": process.slug, "pk": meeting.pk})
    return Emitted("Réunion de mars", path)


def _lessons_published(process, client) -> Emitted:
    from coplan.forum import services

    _forum(process)
    services.lesson_add(process=process, lesson_en="Start early.", lesson_fr="Commencer tôt.")
    services.lessons_publish(process=process)
    with translation.override("fr"):
        path = reverse("forum:lessons", kwargs={"slug": process.slug})
    return Emitted(process.title_fr, path)


def _commitment_progress(process, client) -> Emitted:
    from coplan.commitments.models import Commitment
    from tests.commitments.factories import make_milestone
    from tests.notifications.helpers import _report

    commitment = Commitment.objects.get(process=process)  # followed by the subscription step
    milestone = make_milestone(commitment)
    _report(milestone)
    return Emitted(commitment.identifier, _fr(milestone.get_absolute_url()))


def _submitted_idea(process):
    """The idea the subscriber sent with “email me when it receives a response” ticked,
    published by moderation."""
    from coplan.contributions.models import Contribution

    idea = Contribution.objects.get(process=process, kind="idea")
    Contribution.objects.filter(pk=idea.pk).update(moderation_state="published")
    idea.refresh_from_db()
    return idea


def _contribution_answered(process, client) -> Emitted:
    from coplan.analysis import services
    from coplan.analysis.demo import ensure_codebook
    from coplan.analysis.models import Disposition
    from tests.accounts.factories import staff_with_role

    idea = _submitted_idea(process)
    services.contribution_code(
        contribution=idea,
        themes=[ensure_codebook(process)["open-data"]],
        user=staff_with_role("analyst"),
        disposition=Disposition.objects.get(code="included"),
        response_en="We will publish it.",
        response_fr="Nous la publierons.",
    )
    return Emitted("Votre contribution", _fr(idea.public_page_url()))


def _contribution_used_in_a_commitment(process, client) -> Emitted:
    from coplan.commitments import services
    from tests.accounts.factories import staff_with_role
    from tests.commitments.factories import make_commitment

    idea = _submitted_idea(process)
    services.contribution_link(
        contribution=idea,
        commitment=make_commitment(process, title_fr="Données ouvertes"),
        user=staff_with_role("analyst"),
        relation="primary",
        response_en="It became this commitment.",
        response_fr="Elle est devenue cet engagement.",
    )
    return Emitted("Votre contribution", _fr(idea.public_page_url()))


# Each kind offered, with every path that emits it (each path driven end to end).
EMITTERS: dict[str, list[Callable]] = {
    "phase_opened": [_phase_opened],
    "opportunity_opened": [_opportunity_opened, _opportunity_opened_in_the_admin],
    "opportunity_closed": [_opportunity_closed_by_its_date],
    "draft_plan_published": [_draft_plan_published],
    "final_plan_published": [_final_plan_published],
    "report_published": [_report_published],
    "dataset_published": [_dataset_published],
    "event_announced": [_event_announced],
    "forum_minutes_published": [_forum_minutes_published],
    "lessons_published": [_lessons_published],
    "commitment_progress": [_commitment_progress],
    "contribution_response": [_contribution_answered, _contribution_used_in_a_commitment],
}


def _offered_kinds() -> set[str]:
    offered = {value for value, _label in SubscribeForm().fields["kinds"].choices}
    for followable in _followables.values():
        offered |= set(followable.kinds)
    return offered


def test_every_kind_offered_has_an_emitter():
    """A kind on the subscription form (or on a follow button) without an emitter driven by
    the test below fails here."""
    assert set(EMITTERS) == _offered_kinds()


def _confirm(client, smtp_server, email: str) -> None:
    link = re.search(r"https?://\S+/confirm/\S+/", body_text(smtp_server.to(email)[-1])).group(0)
    assert client.get("/" + link.split("://", 1)[1].split("/", 1)[1]).status_code == 200


def _ask_at_submission(client, process, email: str) -> None:
    """Send an idea in French with “email me when it receives a response” ticked."""
    from coplan.contributions.forms import new_form_token

    opportunity = OpportunityFactory(
        phase=process.phases.get(kind="development"), kind="ideas", status="open"
    )
    with translation.override("fr"):
        url = reverse(
            "contributions:idea_create",
            kwargs={"slug": process.slug, "opportunity_slug": opportunity.slug},
        )
    response = client.post(
        url,
        {
            "title": "Publier les budgets",
            "text": "Publiez les budgets ministériels en données ouvertes.",
            "province": "",
            "name": "",
            "email": email,
            "notify": "on",
            "consent_to_publish": "on",
            "form_token": new_form_token(),
            "website": "",
        },
    )
    assert response.status_code == 302


def _follow_a_commitment(client, process, email: str) -> None:
    from tests.commitments.factories import make_commitment

    commitment = make_commitment(process, status="in_implementation")
    url = reverse(
        "notifications:follow",
        kwargs={
            "content_type_id": ContentType.objects.get_for_model(commitment).pk,
            "object_id": commitment.pk,
        },
    )
    assert client.post(url, {"email": email, "language": "fr"}).status_code == 200


def _subscribe_to_the_process(client, process, kind: str, email: str) -> None:
    response = client.post(
        reverse("notifications:subscribe"),
        {
            "email": email,
            "process": process.slug,
            "kinds": [kind],
            "language": "fr",
            "frequency": "immediate",
            "website": "",
        },
    )
    assert response.status_code == 200


def _subscribe(client, smtp_server, process, kind: str, email: str) -> None:
    if kind == "contribution_response":
        _ask_at_submission(client, process, email)
    elif kind == "commitment_progress":
        _follow_a_commitment(client, process, email)
    else:
        _subscribe_to_the_process(client, process, kind, email)
    _confirm(client, smtp_server, email)


@pytest.mark.parametrize(
    ("kind", "emit"),
    [(kind, emit) for kind, emitters in EMITTERS.items() for emit in emitters],
    ids=lambda value: value if isinstance(value, str) else value.__name__.strip("_"),
)
def test_subscribe_act_and_the_email_arrives(client, process, smtp_server, kind, emit):
    """Subscribe in French → the service acts → one email in French, linking to the French
    page, with one-click unsubscribe; announced once even if the scheduler looks again."""
    from coplan.notifications.services import events_detect

    email = "lecteur@example.org"
    _subscribe(client, smtp_server, process, kind, email)
    emitted = emit(process, client)
    if kind != "phase_opened":
        events_detect()  # the scheduler's catch-up of status changes adds nothing
    assert Announcement.objects.filter(kind=kind).count() == 1
    news = smtp_server.to(email)[1:]
    assert len(news) == 1, [message["Subject"] for message in news]
    message = news[0]
    assert emitted.title_fr in message["Subject"]
    site = settings.COPLAN_SITE_URL.rstrip("/")
    text = body_text(message)
    assert site + emitted.path_fr in text
    assert f"{site}/en/" not in text
    assert message["List-Unsubscribe"].strip().startswith(f"<{site}/fr/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

"""Announcements from other apps' real events, received through the loopback SMTP server."""

from __future__ import annotations

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.urls import reverse

from coplan.notifications import announce
from coplan.notifications.models import Announcement, AnnouncementKind
from tests.commitments.factories import make_commitment, make_milestone
from tests.notifications.helpers import _report
from tests.notifications.smtp import body_text
from tests.plans.factories import approve, draft_version, plan_opportunities, published_review

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Publishing a plan renders its PDFs under a temporary media root."""
    settings.MEDIA_ROOT = tmp_path / "media"


def _confirm(client, smtp_server, email):
    link = re.search(r"https?://\S+/confirm/\S+/", body_text(smtp_server.to(email)[-1])).group(0)
    response = client.get("/" + link.split("://", 1)[1].split("/", 1)[1])
    assert response.status_code == 200


def _subscribe_to_process(client, smtp_server, process, email, kinds, language="en"):
    response = client.post(
        reverse("notifications:subscribe"),
        {
            "email": email,
            "process": process.slug,
            "kinds": kinds,
            "language": language,
            "frequency": "immediate",
            "website": "",
        },
    )
    assert response.status_code == 200
    _confirm(client, smtp_server, email)


def test_a_commitment_follower_gets_each_progress_update_in_their_language(client, smtp_server):
    commitment = make_commitment(status="in_implementation")
    other = make_commitment(commitment.process, status="in_implementation")
    milestone = make_milestone(commitment)
    page = client.get(commitment.get_absolute_url())
    follow_url = reverse(
        "notifications:follow",
        kwargs={
            "content_type_id": ContentType.objects.get_for_model(commitment).pk,
            "object_id": commitment.pk,
        },
    )
    assert follow_url in page.content.decode()
    response = client.post(follow_url, {"email": "follower@example.org", "language": "fr"})
    assert response.status_code == 200
    _confirm(client, smtp_server, "follower@example.org")
    before = len(smtp_server.to("follower@example.org"))

    _report(milestone)
    _report(make_milestone(other))  # another commitment: not followed

    received = smtp_server.to("follower@example.org")
    assert len(received) == before + 1
    news = received[-1]
    assert commitment.identifier in news["Subject"]
    assert "Données ouvertes" in news["Subject"]
    assert "Inventaire publié." in body_text(news)
    assert "/fr/" in body_text(news) and news["List-Unsubscribe-Post"]
    assert Announcement.objects.filter(kind="commitment_progress").count() == 2


def test_a_withdrawn_commitment_cannot_be_followed(client):
    commitment = make_commitment(status="withdrawn")
    url = reverse(
        "notifications:follow",
        kwargs={
            "content_type_id": ContentType.objects.get_for_model(commitment).pk,
            "object_id": commitment.pk,
        },
    )
    assert client.get(url).status_code == 404
    page = client.get(commitment.get_absolute_url()).content.decode()
    assert "/subscriptions/follow/" not in page


def test_process_subscribers_get_the_draft_then_the_final_plan(client, process, smtp_server):
    plan_opportunities(process)
    _subscribe_to_process(
        client,
        smtp_server,
        process,
        "planner@example.org",
        ["draft_plan_published", "final_plan_published"],
    )
    _subscribe_to_process(
        client, smtp_server, process, "reports-only@example.org", ["report_published"]
    )
    review = published_review(process)
    messages = smtp_server.to("planner@example.org")
    assert len(messages) == 2  # the confirmation, then the draft plan
    assert review.title_en in messages[-1]["Subject"]
    assert str(AnnouncementKind.DRAFT_PLAN_PUBLISHED.label) in body_text(messages[-1])

    from coplan.plans import services as plan_services
    from coplan.plans.models import PlanVersion

    final = plan_services.plan_version_create(plan=review.plan, actor=None)
    approve(final)
    plan_services.plan_version_publish(version=final, status=PlanVersion.Status.FINAL, actor=None)
    messages = smtp_server.to("planner@example.org")
    assert len(messages) == 3
    assert final.get_absolute_url() in body_text(messages[-1])
    # Subscribers of other news got only their confirmation.
    assert len(smtp_server.to("reports-only@example.org")) == 1
    kinds = sorted(Announcement.objects.values_list("kind", flat=True))
    assert kinds == ["draft_plan_published", "final_plan_published"]


def test_a_draft_that_fails_to_publish_announces_nothing(process, smtp_server):
    from coplan.plans import services as plan_services
    from coplan.plans.models import PlanVersion

    version = draft_version(process)
    # A final plan without Cabinet's approval is refused by the plans app.
    with pytest.raises(ValidationError):
        plan_services.plan_version_publish(
            version=version, status=PlanVersion.Status.FINAL, actor=None
        )
    assert not Announcement.objects.exists()


@pytest.mark.parametrize(
    "kind", ["forum_minutes_published", "lessons_published", "dataset_published"]
)
def test_kinds_other_apps_announce_reach_process_subscribers(client, process, smtp_server, kind):
    _subscribe_to_process(client, smtp_server, process, "all@example.org", [kind], language="fr")
    announce(
        kind,
        process=process,
        title={"en": "Forum news", "fr": "Nouvelles du forum"},
        body={"en": "Read them.", "fr": "Lisez-les."},
        url=process.get_absolute_url(),
        key=f"{kind}:1",
    )
    announce(kind, process=process, title={"en": "Again", "fr": "Encore"}, key=f"{kind}:1")
    messages = smtp_server.to("all@example.org")
    assert len(messages) == 2
    assert "Nouvelles du forum" in messages[-1]["Subject"]
    assert "Lisez-les." in body_text(messages[-1])

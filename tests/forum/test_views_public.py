"""Public forum pages: membership, terms and rules, meetings, repository, responses."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from coplan.forum import services
from coplan.forum.models import Sector
from tests.forum.helpers import _meeting, _member

pytestmark = pytest.mark.django_db


def test_membership_page_lists_members_with_sector_and_role(client, forum):
    _member(forum, "Alice Gov")
    _member(forum, "Bob Civil", Sector.CIVIL_SOCIETY)
    response = client.get(f"/fr/forum/{forum.process.slug}/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Alice Gov" in text and "Bob Civil" in text
    assert "Le forum" in text


def test_terms_and_rules_pages_in_both_languages(client, forum):
    slug = forum.process.slug
    assert "Notre mandat." in client.get(f"/fr/forum/{slug}/terms/").content.decode()
    assert "Our rules." in client.get(f"/en/forum/{slug}/rules/").content.decode()


def test_meeting_page_shows_minutes_in_each_language(client, forum):
    member = _member(forum, "Alice Gov")
    meeting = _meeting(forum)
    services.meeting_record_attendance(meeting=meeting, present={member.pk})
    slug = forum.process.slug
    english = client.get(f"/en/forum/{slug}/meetings/{meeting.pk}/").content.decode()
    french = client.get(f"/fr/forum/{slug}/meetings/{meeting.pk}/").content.decode()
    assert "We met." in english and "We decided." in english
    assert "Nous nous sommes réunis." in french and "Nous avons décidé." in french
    assert "Alice Gov" in english


def test_planned_meeting_is_not_public(client, forum):
    meeting = _meeting(forum, publish=False)
    response = client.get(f"/en/forum/{forum.process.slug}/meetings/{meeting.pk}/")
    assert response.status_code == 404


def test_overdue_warning(client, forum):
    _meeting(forum, days_ago=200)
    page = client.get(f"/en/forum/{forum.process.slug}/").content.decode()
    assert "has not met in more than six months" in page
    _meeting(forum, days_ago=10)
    page = client.get(f"/en/forum/{forum.process.slug}/").content.decode()
    assert "has not met in more than six months" not in page


def test_repository_lists_minutes_filters_and_feed(client, forum):
    _meeting(forum)
    slug = forum.process.slug
    page = client.get(f"/en/forum/{slug}/repository/").content.decode()
    assert "Forum minutes: Meeting" in page
    filtered = client.get(f"/en/forum/{slug}/repository/?type=plan").content.decode()
    assert "Forum minutes: Meeting" not in filtered
    feed = client.get(f"/fr/forum/{slug}/repository/feed.atom")
    assert feed.status_code == 200
    assert "Réunion" in feed.content.decode()


def test_repository_staleness_warning(client, forum):
    page = client.get(f"/en/forum/{forum.process.slug}/repository/").content.decode()
    assert "Nothing has been published yet" in page


def test_coverage_public_only_after_final_plan(client, forum):
    assert client.get(f"/en/forum/{forum.process.slug}/responses/").status_code == 404


def test_self_assessment_public_once_implementation_starts(client, forum):
    process = forum.process
    url = f"/en/forum/{process.slug}/self-assessment/"
    implementation = process.phases.get(kind="implementation")
    implementation.starts_on = timezone.localdate() + datetime.timedelta(days=5)
    implementation.save(update_fields=["starts_on"])
    assert client.get(url).status_code == 404
    assert client.get(url + "report.pdf").status_code == 404
    implementation.starts_on = timezone.localdate()
    implementation.save(update_fields=["starts_on"])
    assert client.get(url).status_code == 200
    pdf = client.get(url + "report.pdf")
    assert pdf.status_code == 200
    b"".join(pdf.streaming_content)


def test_text_from_browsers_keeps_its_paragraphs(client, forum):
    """Text areas arrive with CRLF line ends; blank lines still separate paragraphs."""
    meeting = _meeting(forum)
    services.meeting_update(meeting=meeting, agenda_en="1. Welcome\r\n\r\n2. Draft commitments")
    page = client.get(f"/en/forum/{forum.process.slug}/meetings/{meeting.pk}/").content.decode()
    assert "<p>1. Welcome</p>" in page and "<p>2. Draft commitments</p>" in page

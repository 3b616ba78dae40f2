"""Seats and terms, workspace versions, evidence downloads, admin, cached summary, stored PDF,
announcements."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coplan.core.models import StaffAction
from coplan.forum import sections, selfassessment, services
from coplan.forum.models import (
    ComplianceSummary,
    Evidence,
    MeetingStatus,
    WorkspacePageVersion,
)
from tests.accounts.factories import UserFactory, staff_with_role
from tests.forum.helpers import DAY, _meeting, _member

pytestmark = pytest.mark.django_db


def _login(client, role):
    if role == "participant":
        client.force_login(UserFactory())
    elif role:
        client.force_login(staff_with_role(role))


def _check(response, expected):
    assert response.status_code == expected
    if expected == 302:
        assert "/account/sign-in/" in response["Location"]


# Seats and terms -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (None, 302),
        ("participant", 403),
        ("forum member", 403),
        ("analyst", 403),
        ("administrator", 200),
    ],
)
@pytest.mark.parametrize(
    "path", ["staff/members/", "staff/members/{pk}/", "staff/members/{pk}/end/"]
)
def test_member_pages_per_role(client, forum, role, expected, path):
    member = _member(forum, "Alice Gov")
    _login(client, role)
    response = client.get(f"/en/forum/{forum.process.slug}/" + path.format(pk=member.pk))
    _check(response, expected)


def test_edit_seat_is_saved_and_audited(client, forum, administrator):
    member = _member(forum, "Alice Gov")
    client.force_login(administrator)
    url = f"/en/forum/{forum.process.slug}/staff/members/{member.pk}/"
    before = StaffAction.objects.count()
    response = client.post(
        url,
        {
            "name": "Alice Gouv",
            "organisation": member.organisation_id,
            "sector": "civil_society",
            "role": "co_chair",
            "term_start": "2017-10-02",
            "term_end": "",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.name, member.sector, member.role) == ("Alice Gouv", "civil_society", "co_chair")
    action = StaffAction.objects.order_by("-pk").first()
    assert StaffAction.objects.count() == before + 1
    assert action.view_name == "forum:staff_member_edit"
    assert action.user == administrator


def test_edit_seat_refuses_bad_input(client, forum, administrator):
    member = _member(forum, "Alice Gov")
    client.force_login(administrator)
    url = f"/en/forum/{forum.process.slug}/staff/members/{member.pk}/"
    data = {
        "name": "x" * 500,
        "organisation": "999999",
        "sector": "aliens",
        "role": "member",
        "term_start": "not a date",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    data = {
        "name": "Alice",
        "organisation": member.organisation_id,
        "sector": "government",
        "role": "member",
        "term_start": "2020-01-01",
        "term_end": "2019-01-01",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "must not end before it starts" in response.content.decode()
    member.refresh_from_db()
    assert member.name == "Alice Gov" and member.term_end is None


def test_end_term_moves_member_to_past(client, forum, administrator):
    member = _member(forum, "Alice Gov")
    client.force_login(administrator)
    slug = forum.process.slug
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(
        f"/en/forum/{slug}/staff/members/{member.pk}/end/", {"term_end": yesterday}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.term_end == yesterday
    action = StaffAction.objects.order_by("-pk").first()
    assert action.view_name == "forum:staff_member_end"
    public = client.get(f"/en/forum/{slug}/").content.decode()
    past = public.split("Past members", 1)[1]
    assert "Alice Gov" in past


def test_end_term_refuses_a_day_before_the_start_or_after_an_earlier_end(
    client, forum, administrator
):
    member = _member(forum, "Alice Gov")
    client.force_login(administrator)
    url = f"/en/forum/{forum.process.slug}/staff/members/{member.pk}/end/"
    before_start = DAY - datetime.timedelta(days=1)
    response = client.post(url, {"term_end": before_start.isoformat()})
    assert response.status_code == 400
    assert "must not end before it starts" in response.content.decode()
    assert client.post(url, {"term_end": ""}).status_code == 400
    services.member_term_end(member=member, on=DAY + datetime.timedelta(days=10))
    response = client.post(url, {"term_end": (DAY + datetime.timedelta(days=20)).isoformat()})
    assert response.status_code == 400
    assert "already ended" in response.content.decode()
    member.refresh_from_db()
    assert member.term_end == DAY + datetime.timedelta(days=10)


def test_member_of_another_forum_is_not_found(client, forum, administrator, process):
    from tests.processes.factories import ProcessFactory

    other_process = ProcessFactory()
    other = services.forum_create(slug="other", name_en="O", name_fr="O", process=other_process)
    stranger = _member(other, "Stranger")
    client.force_login(administrator)
    url = f"/en/forum/{forum.process.slug}/staff/members/{stranger.pk}/"
    assert client.get(url).status_code == 404


# Workspace versions --------------------------------------------------------------------------


def test_each_save_keeps_the_previous_text(client, forum):
    first, second = staff_with_role("forum member"), staff_with_role("forum member")
    slug = forum.process.slug
    client.force_login(first)
    client.post(f"/en/forum/{slug}/staff/workspace/new/", {"title": "Draft", "body": "One."})
    page = forum.workspace_pages.get()
    client.force_login(second)
    edit = f"/en/forum/{slug}/staff/workspace/{page.pk}/"
    assert client.post(edit, {"title": "Draft", "body": "Two."}).status_code == 302
    # Saving the same text again keeps no empty version.
    assert client.post(edit, {"title": "Draft", "body": "Two."}).status_code == 302
    assert client.post(edit, {"title": "Draft 3", "body": "Three."}).status_code == 302
    versions = list(WorkspacePageVersion.objects.filter(page=page).order_by("number"))
    assert [(v.number, v.body, v.saved_by) for v in versions] == [
        (1, "One.", first),
        (2, "Two.", second),
    ]
    listing = client.get(f"/en/forum/{slug}/staff/workspace/{page.pk}/versions/")
    assert listing.status_code == 200
    assert "Version 2" in listing.content.decode()
    one = client.get(f"/en/forum/{slug}/staff/workspace/{page.pk}/versions/1/")
    assert one.status_code == 200
    assert "One." in one.content.decode()
    assert "no-store" in one["Cache-Control"]
    assert client.get(f"/en/forum/{slug}/staff/workspace/{page.pk}/versions/9/").status_code == 404


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (None, 302),
        ("participant", 403),
        ("administrator", 403),
        ("moderator", 403),
        ("forum member", 200),
    ],
)
def test_workspace_versions_per_role(client, forum, role, expected):
    author = staff_with_role("forum member")
    page = services.workspace_page_save(forum=forum, title="T", body="One.", by=author)
    services.workspace_page_save(forum=forum, page=page, title="T", body="Two.", by=author)
    _login(client, role)
    slug = forum.process.slug
    _check(client.get(f"/en/forum/{slug}/staff/workspace/{page.pk}/versions/"), expected)
    _check(client.get(f"/en/forum/{slug}/staff/workspace/{page.pk}/versions/1/"), expected)


def test_workspace_versions_query_count_is_constant(client, forum, forum_member):
    page = services.workspace_page_save(forum=forum, title="T", body="0", by=forum_member)
    client.force_login(forum_member)
    url = f"/en/forum/{forum.process.slug}/staff/workspace/{page.pk}/versions/"
    services.workspace_page_save(forum=forum, page=page, title="T", body="1", by=forum_member)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for n in range(2, 15):
        who = staff_with_role("forum member")
        services.workspace_page_save(forum=forum, page=page, title="T", body=str(n), by=who)
    with CaptureQueriesContext(connection) as large:
        assert "Version 14" in client.get(url).content.decode()
    assert len(small) == len(large)


# Evidence files ------------------------------------------------------------------------------


def _evidence_with_file(process, by) -> Evidence:
    return services.evidence_add(
        process=process,
        requirement="3.2",
        description_en="Radio interview transcript.",
        description_fr="Transcription de l’entrevue.",
        by=by,
        upload=SimpleUploadedFile("transcript.pdf", b"%PDF-1.7\nradio"),
    )


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (None, 302),
        ("participant", 403),
        ("analyst", 200),
        ("forum member", 200),
        ("administrator", 200),
    ],
)
def test_evidence_file_download_per_role(client, forum, administrator, role, expected):
    evidence = _evidence_with_file(forum.process, administrator)
    _login(client, role)
    url = f"/en/forum/{forum.process.slug}/staff/compliance/evidence/{evidence.pk}/"
    response = client.get(url)
    _check(response, expected)
    if expected == 200:
        assert b"".join(response.streaming_content) == b"%PDF-1.7\nradio"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["Content-Type"] == "application/pdf"
        assert "no-store" in response["Cache-Control"]


def test_evidence_link_on_staff_dashboard_only(client, forum, administrator):
    evidence = _evidence_with_file(forum.process, administrator)
    slug = forum.process.slug
    link = f"/en/forum/{slug}/staff/compliance/evidence/{evidence.pk}/"
    assert link not in client.get(f"/en/forum/{slug}/compliance/").content.decode()
    client.force_login(administrator)
    assert link in client.get(f"/en/forum/{slug}/staff/compliance/").content.decode()


def test_evidence_without_file_or_of_another_process_is_not_found(client, forum, administrator):
    from tests.processes.factories import ProcessFactory

    link_only = services.evidence_add(
        process=forum.process,
        requirement="3.2",
        description_en="x",
        description_fr="x",
        by=administrator,
        url="https://example.org/",
    )
    elsewhere = _evidence_with_file(ProcessFactory(), administrator)
    client.force_login(administrator)
    base = f"/en/forum/{forum.process.slug}/staff/compliance/evidence/"
    assert client.get(f"{base}{link_only.pk}/").status_code == 404
    assert client.get(f"{base}{elsewhere.pk}/").status_code == 404


# Admin ---------------------------------------------------------------------------------------


def test_admin_pages_load_for_a_verified_administrator(client, forum, settings):
    """With the second factor on (as in production), a verified superuser sees every page."""
    from coplan.accounts.models import User
    from tests.security.helpers import verified_session

    settings.COPLAN_STAFF_MFA_REQUIRED = True
    root = User.objects.create_superuser("root@example.org", "x" * 20)
    meeting = _meeting(forum)
    member = _member(forum, "Alice Gov")
    evidence = _evidence_with_file(forum.process, root)
    services.lesson_add(process=forum.process, lesson_en="L", lesson_fr="L")
    page = services.workspace_page_save(forum=forum, title="T", body="B", by=root)
    # Without the second factor, the admin sends the administrator to it.
    client.force_login(root)
    assert client.get("/en/admin/forum/forum/").status_code == 302
    verified_session(client, root)
    for model in [
        "forum",
        "forummember",
        "meeting",
        "evidence",
        "lesson",
        "workspacepage",
        "processreview",
    ]:
        assert client.get(f"/en/admin/forum/{model}/").status_code == 200, model
    changes = {
        "forum": (forum.pk, ["name_en", "name_fr", "terms_of_reference_fr"]),
        "meeting": (meeting.pk, ["title_en", "title_fr", "minutes_en", "minutes_fr"]),
        "evidence": (evidence.pk, ["description_en", "description_fr"]),
        "lesson": (forum.process.forum_lessons.get().pk, ["lesson_en", "lesson_fr"]),
        "forummember": (member.pk, ["name"]),
        "workspacepage": (page.pk, ["title"]),
    }
    for model, (pk, fields) in changes.items():
        response = client.get(f"/en/admin/forum/{model}/{pk}/change/")
        assert response.status_code == 200, model
        html = response.content.decode()
        for name in fields:
            assert f'name="{name}"' in html, (model, name)
    # Publication stays with the services (both languages checked there).
    html = client.get(f"/en/admin/forum/meeting/{meeting.pk}/change/").content.decode()
    assert 'name="status"' not in html


def test_admin_refuses_staff_without_admin_rights(client, forum, forum_member):
    client.force_login(forum_member)
    response = client.get("/en/admin/forum/meeting/")
    assert response.status_code in (302, 403)


# The process page's summary ------------------------------------------------------------------


def test_process_section_summary_is_stored_and_dropped_on_forum_changes(
    forum, administrator, django_capture_on_commit_callbacks, settings
):
    """Stored in the database, not the cache: with every cache off (Django's dummy cache) the
    process page still reads the summary in one query (issue 21)."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    process = forum.process
    with CaptureQueriesContext(connection) as first:
        computed = sections.process_section(process)["summary"]
    with CaptureQueriesContext(connection) as second:
        again = sections.process_section(process)["summary"]
    assert again == computed
    assert len(second) == 2 < len(first)  # the forum and the stored summary
    # Older than its lifetime (what it counts also changes outside the forum): computed again.
    later = timezone.now() + datetime.timedelta(seconds=sections.SUMMARY_SECONDS + 1)
    with CaptureQueriesContext(connection) as stale:
        assert sections.compliance_summary(process, later) == computed
    assert len(stale) > 2
    assert ComplianceSummary.objects.get(process=process).computed_at == later
    # Evidence attached: the summary is computed again and counts it.
    services.evidence_add(
        process=process,
        requirement="1.2",
        description_en="x",
        description_fr="x",
        by=administrator,
        url="https://example.org/",
    )
    after = sections.process_section(process)["summary"]
    assert after["met"] == computed["met"] + 1
    # Publishing minutes (an update without signals) drops it too.
    meeting = _meeting(forum, publish=False)
    before = sections.process_section(process)["summary"]
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_set_status(meeting=meeting, status=MeetingStatus.AGENDA_PUBLISHED)
        services.meeting_set_status(meeting=meeting, status=MeetingStatus.MINUTES_PUBLISHED)
    assert sections.process_section(process)["summary"]["met"] > before["met"]


def test_process_page_queries_do_not_include_the_compliance_rows(client, forum):
    url = forum.process.get_absolute_url()
    client.get(url)  # fills the summary cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, HTTP_COOKIE="sessionid=x")
    assert response.status_code == 200
    assert re.search(r"OGP minimum requirements (is|are) met", response.content.decode())
    sql = " ".join(q["sql"] for q in queries)
    assert "forum_evidence" not in sql and "analysis_report" not in sql


# Stored self-assessment PDF ------------------------------------------------------------------


def test_self_assessment_pdf_is_stored_by_fingerprint(client, forum, administrator, monkeypatch):
    client.force_login(administrator)
    url = f"/en/forum/{forum.process.slug}/self-assessment/report.pdf"
    layouts = []
    real = selfassessment._layout
    monkeypatch.setattr(
        selfassessment, "_layout", lambda html, fp: layouts.append(fp) or real(html, fp)
    )
    first = client.get(url)
    assert first.status_code == 200
    data = b"".join(first.streaming_content)
    assert data.startswith(b"%PDF-")
    assert first["Content-Type"] == "application/pdf"
    assert b"".join(client.get(url).streaming_content) == data
    assert len(layouts) == 1
    assert default_storage.exists(f"forum/self-assessment/{layouts[0]}-en-r1.pdf")
    # New content (a published lesson): a new fingerprint, laid out once more.
    services.lesson_add(process=forum.process, lesson_en="Start early.", lesson_fr="Tôt.")
    services.lessons_publish(process=forum.process)
    b"".join(client.get(url).streaming_content)
    assert len(layouts) == 2 and layouts[0] != layouts[1]
    # French is its own file.
    french = client.get(url.replace("/en/", "/fr/"))
    assert french.status_code == 200
    b"".join(french.streaming_content)
    assert len(layouts) == 3


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


# Announcements -------------------------------------------------------------------------------


def test_minutes_and_lessons_are_announced(forum, django_capture_on_commit_callbacks):
    from coplan.notifications.models import Announcement

    meeting = _meeting(forum, publish=False)
    services.meeting_set_status(meeting=meeting, status=MeetingStatus.AGENDA_PUBLISHED)
    assert not Announcement.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_set_status(meeting=meeting, status=MeetingStatus.MINUTES_PUBLISHED)
    announcement = Announcement.objects.get()
    assert announcement.kind == "forum_minutes_published"
    assert announcement.process == forum.process
    assert announcement.title_fr == "Procès-verbal publié\xa0: Réunion"
    assert announcement.url == f"/en/forum/{forum.process.slug}/meetings/{meeting.pk}/"
    services.lesson_add(process=forum.process, lesson_en="L", lesson_fr="L")
    assert services.lessons_publish(process=forum.process) == 1
    assert services.lessons_publish(process=forum.process) == 0
    lessons = Announcement.objects.get(kind="lessons_published")
    assert lessons.url == f"/en/forum/{forum.process.slug}/lessons/"
    assert Announcement.objects.count() == 2


def test_standing_forum_announces_to_each_process_it_serves():
    from coplan.notifications.models import Announcement
    from tests.processes.factories import ProcessFactory

    first, second = ProcessFactory(), ProcessFactory()
    own = ProcessFactory()
    services.forum_create(slug="own", name_en="Own", name_fr="Propre", process=own)
    standing = services.forum_create(slug="standing", name_en="S", name_fr="S", process=None)
    _meeting(standing)
    assert set(Announcement.objects.values_list("process_id", flat=True)) == {first.pk, second.pk}


def test_text_from_browsers_keeps_its_paragraphs(client, forum):
    """Text areas arrive with CRLF line ends; blank lines still separate paragraphs."""
    meeting = _meeting(forum)
    services.meeting_update(meeting=meeting, agenda_en="1. Welcome\r\n\r\n2. Draft commitments")
    page = client.get(f"/en/forum/{forum.process.slug}/meetings/{meeting.pk}/").content.decode()
    assert "<p>1. Welcome</p>" in page and "<p>2. Draft commitments</p>" in page


def test_page_feedback_on_public_pages_only(client, forum, administrator):
    slug = forum.process.slug
    assert (
        "Share your thoughts about this page" in client.get(f"/en/forum/{slug}/").content.decode()
    )
    client.force_login(administrator)
    assert (
        "Share your thoughts about this page"
        not in client.get(f"/en/forum/{slug}/staff/").content.decode()
    )

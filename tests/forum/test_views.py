"""Forum pages: permissions per role, bilingual minutes, documents, repository, compliance."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coplan.core.models import StaffAction
from coplan.forum import compliance, services
from coplan.forum.models import Meeting, MeetingDocument, MeetingStatus, Sector
from tests.accounts.factories import UserFactory, staff_with_role
from tests.forum.helpers import _meeting, _member

pytestmark = pytest.mark.django_db


STAFF_PAGES = [
    "staff/",
    "staff/responses/",
    "staff/compliance/",
]


@pytest.mark.parametrize(
    ("role", "path", "expected"),
    [
        (None, "staff/", 302),
        ("participant", "staff/", 403),
        ("moderator", "staff/", 200),
        ("administrator", "staff/pages/", 200),
        ("forum member", "staff/pages/", 403),
        ("administrator", "staff/members/add/", 200),
        ("analyst", "staff/members/add/", 403),
        ("forum member", "staff/meetings/add/", 200),
        ("analyst", "staff/meetings/add/", 403),
        ("forum member", "staff/workspace/", 200),
        ("administrator", "staff/workspace/", 403),
        ("moderator", "staff/workspace/", 403),
        (None, "staff/workspace/", 302),
        ("forum member", "staff/workspace/new/", 200),
        ("analyst", "staff/responses/", 200),
        ("participant", "staff/responses/", 403),
        ("administrator", "staff/compliance/", 200),
        ("forum member", "staff/lessons/", 200),
        ("reporter", "staff/lessons/", 403),
        ("administrator", "staff/reviews/", 200),
        ("forum member", "staff/reviews/", 403),
    ],
)
def test_staff_pages_per_role(client, forum, role, path, expected):
    """Anonymous goes to sign-in, a wrong role gets 403, the right role the page."""
    if role == "participant":
        client.force_login(UserFactory())
    elif role == "reporter":
        client.force_login(staff_with_role("department reporter"))
    elif role:
        client.force_login(staff_with_role(role))
    response = client.get(f"/en/forum/{forum.process.slug}/{path}")
    assert response.status_code == expected
    if expected == 302:
        assert "/account/sign-in/" in response["Location"]
    if expected == 200:
        assert "no-store" in response.get("Cache-Control", "")


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


def test_rules_in_one_language_only_are_refused(forum):
    with pytest.raises(Exception, match="both English and French"):
        services.forum_update(forum=forum, participation_rules_fr="")


def test_minutes_need_both_languages(client, forum, forum_member):
    """Publishing minutes without French is refused with a message; nothing is published."""
    meeting = _meeting(forum, publish=False)
    services.meeting_update(meeting=meeting, minutes_fr="")
    services.meeting_set_status(meeting=meeting, status=MeetingStatus.AGENDA_PUBLISHED)
    client.force_login(forum_member)
    url = f"/en/forum/{forum.process.slug}/staff/meetings/{meeting.pk}/"
    response = client.post(url + "publish-minutes/")
    assert response.status_code == 400
    assert "both English and French" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.AGENDA_PUBLISHED
    assert (
        not client.get(f"/en/forum/{forum.process.slug}/meetings/{meeting.pk}/")
        .content.decode()
        .count("We met.")
    )


def test_minutes_cannot_be_published_before_the_meeting(forum):
    meeting = _meeting(forum, days_ago=-5, publish=False)
    services.meeting_set_status(meeting=meeting, status=MeetingStatus.AGENDA_PUBLISHED)
    with pytest.raises(Exception, match="once the meeting has been held"):
        services.meeting_set_status(meeting=meeting, status=MeetingStatus.MINUTES_PUBLISHED)


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


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "ok"),
    [
        ("minutes.pdf", b"%PDF-1.7\n...", True),
        ("minutes.docx", _docx(), True),
        ("notes.txt", "Bonjour à tous".encode(), True),
        ("data.csv", b"a,b\n1,2\n", True),
        ("fake.pdf", b"<html>not a pdf</html>", False),
        ("fake.docx", b"%PDF-1.7", False),
        ("binary.txt", b"\x00\x01\x02", False),
        ("latin1.txt", "café".encode("latin-1"), False),
        ("script.exe", b"MZ", False),
        ("empty.pdf", b"", False),
    ],
)
def test_document_checks(client, forum, forum_member, name, content, ok):
    """Type is judged by content, not extension; bad files get a message and store nothing."""
    meeting = _meeting(forum)
    client.force_login(forum_member)
    response = client.post(
        f"/en/forum/{forum.process.slug}/staff/meetings/{meeting.pk}/documents/",
        {
            "document-title_en": "Doc",
            "document-title_fr": "Doc",
            "document-file": SimpleUploadedFile(name, content),
        },
    )
    assert (response.status_code == 302) is ok
    assert MeetingDocument.objects.count() == (1 if ok else 0)
    if ok:
        document = MeetingDocument.objects.get()
        download = client.get(
            f"/en/forum/{forum.process.slug}/meetings/{meeting.pk}/documents/{document.pk}/"
        )
        assert b"".join(download.streaming_content) == content


def test_oversized_document_refused(forum, settings):
    from coplan.forum import documents

    upload = SimpleUploadedFile("big.txt", b"a" * (documents.DOCUMENT_MAX_BYTES + 1))
    with pytest.raises(Exception, match="largest accepted"):
        documents.document_check(upload)


def test_staff_changes_are_audited(client, forum, forum_member):
    client.force_login(forum_member)
    before = StaffAction.objects.count()
    client.post(
        f"/en/forum/{forum.process.slug}/staff/workspace/new/",
        {"title": "Draft", "body": "Text"},
    )
    action = StaffAction.objects.order_by("-pk").first()
    assert StaffAction.objects.count() == before + 1
    assert action.view_name == "forum:staff_workspace_new"
    assert action.user == forum_member


def test_hostile_and_empty_input(client, forum, forum_member):
    client.force_login(forum_member)
    url = f"/en/forum/{forum.process.slug}/staff/workspace/new/"
    response = client.post(url, {"title": "", "body": "x" * 60_000})
    assert response.status_code == 400
    client.post(url, {"title": "<script>alert(1)</script>", "body": "ok"})
    page = client.get(f"/en/forum/{forum.process.slug}/staff/workspace/").content.decode()
    assert "<script>alert(1)</script>" not in page


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


def test_compliance_requirement_turns_met_with_evidence(client, forum, administrator):
    process = forum.process
    rows = {row.requirement.code: row for row in compliance.compliance_rows(process)}
    assert rows["1.4"].status == compliance.MISSING
    _meeting(forum)
    rows = {row.requirement.code: row for row in compliance.compliance_rows(process)}
    assert rows["1.4"].status == compliance.MET
    assert rows["3.2"].status in (compliance.MISSING, compliance.NOT_DUE)
    client.force_login(administrator)
    response = client.post(
        f"/en/forum/{process.slug}/staff/compliance/",
        {
            "requirement": "3.2",
            "description_en": "Radio interviews.",
            "description_fr": "Entrevues à la radio.",
            "url": "https://example.org/radio",
        },
    )
    assert response.status_code == 302
    rows = {row.requirement.code: row for row in compliance.compliance_rows(process)}
    assert rows["3.2"].status == compliance.MET


def test_evidence_without_link_or_file_refused(client, forum, administrator):
    client.force_login(administrator)
    response = client.post(
        f"/en/forum/{forum.process.slug}/staff/compliance/",
        {"requirement": "3.2", "description_en": "x", "description_fr": "x"},
    )
    assert response.status_code == 400
    assert "Give a web address or attach a file" in response.content.decode()


def test_only_administrators_attach_evidence(client, forum, analyst):
    client.force_login(analyst)
    response = client.post(
        f"/en/forum/{forum.process.slug}/staff/compliance/",
        {"requirement": "3.2", "description_en": "x", "description_fr": "x", "url": "https://a.b"},
    )
    assert response.status_code == 403


def test_coverage_public_only_after_final_plan(client, forum):
    assert client.get(f"/en/forum/{forum.process.slug}/responses/").status_code == 404


def test_lessons_published(client, forum, forum_member):
    process = forum.process
    client.force_login(forum_member)
    url = f"/en/forum/{process.slug}/staff/lessons/"
    client.post(url, {"lesson_en": "Start early.", "lesson_fr": "Commencer tôt."})
    assert "Commencer tôt." not in client.get(f"/fr/forum/{process.slug}/lessons/").content.decode()
    client.post(url + "publish/")
    assert "Commencer tôt." in client.get(f"/fr/forum/{process.slug}/lessons/").content.decode()


def test_process_review_questionnaire(client, forum, administrator):
    process = forum.process
    client.force_login(administrator)
    url = f"/en/forum/{process.slug}/staff/reviews/"
    assert client.post(url, {"phase": "planning"}).status_code == 302
    assert client.post(url, {"phase": "planning"}).status_code == 400
    assert client.post(url, {"phase": "nonsense"}).status_code == 400
    from coplan.surveys.models import Questionnaire

    questionnaire = Questionnaire.objects.get(opportunity__phase__process=process)
    assert questionnaire.questions.count() == 4
    assert client.get(f"/fr/questionnaires/{questionnaire.pk}/").status_code == 200


def test_self_assessment_html_and_pdf(client, forum, administrator):
    client.force_login(administrator)
    slug = forum.process.slug
    page = client.get(f"/fr/forum/{slug}/self-assessment/")
    assert page.status_code == 200
    pdf = client.get(f"/en/forum/{slug}/self-assessment/report.pdf")
    assert pdf.status_code == 200
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_query_counts_are_constant(client, forum, administrator):
    """List and detail pages read a fixed number of queries, whatever the data."""
    slug = forum.process.slug
    meeting = _meeting(forum)
    client.force_login(administrator)
    urls = [
        f"/en/forum/{slug}/",
        f"/en/forum/{slug}/meetings/{meeting.pk}/",
        f"/en/forum/{slug}/repository/",
        f"/en/forum/{slug}/compliance/",
        f"/en/forum/{slug}/staff/",
        f"/en/forum/{slug}/staff/responses/",
        f"/en/forum/{slug}/staff/meetings/{meeting.pk}/",
        f"/en/forum/{slug}/self-assessment/",
        f"/en/forum/{slug}/lessons/",
    ]
    small = [_queries(client, url) for url in urls]
    for n in range(12):
        member = _member(forum, f"Member {n}", n=n)
        services.meeting_record_attendance(meeting=meeting, present={member.pk})
        _meeting(forum, days_ago=20 + n)
        services.lesson_add(process=forum.process, lesson_en="L", lesson_fr="L")
    services.lessons_publish(process=forum.process)
    large = [_queries(client, url) for url in urls]
    assert small == large
    assert Meeting.objects.count() == 13

"""Staff meeting pages: publishing minutes and checking uploaded documents."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from coplan.forum import services
from coplan.forum.models import MeetingDocument, MeetingStatus
from tests.forum.helpers import _docx, _meeting

pytestmark = pytest.mark.django_db


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

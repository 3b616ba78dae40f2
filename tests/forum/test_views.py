"""Forum pages: permissions per role, bilingual minutes, documents, repository, compliance."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coplan.forum import services
from coplan.forum.models import Meeting
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

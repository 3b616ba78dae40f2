"""The forum members' workspace: pages, their versions, who sees them."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coplan.core.models import StaffAction
from coplan.forum import services
from coplan.forum.models import (
    WorkspacePageVersion,
)
from tests.accounts.factories import staff_with_role
from tests.forum.helpers import _check, _login

pytestmark = pytest.mark.django_db


# Seats and terms -----------------------------------------------------------------------------


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

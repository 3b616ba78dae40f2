"""The forum's admin pages: who may open them and what they let an administrator change."""

from __future__ import annotations

import pytest

from coplan.forum import services
from tests.forum.helpers import _evidence_with_file, _meeting, _member

pytestmark = pytest.mark.django_db


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

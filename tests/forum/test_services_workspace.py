"""The forum's workspace: a change keeps the previous text with who saved it; saving the same
text again keeps nothing; a page of another forum is never changed."""

from __future__ import annotations

import pytest

from coplan.forum import services
from coplan.forum.models import WorkspacePage, WorkspacePageVersion
from tests.accounts.factories import staff_with_role

pytestmark = pytest.mark.django_db


def test_a_change_keeps_the_previous_text_with_who_saved_it(forum):
    first, second = staff_with_role("forum member"), staff_with_role("forum member")
    page = services.workspace_page_save(forum=forum, title=" Draft ", body="One.\r\n", by=first)
    assert (page.title, page.body, page.updated_by) == ("Draft", "One.", first)
    services.workspace_page_save(forum=forum, page=page, title="Draft", body="Two.", by=second)
    services.workspace_page_save(forum=forum, page=page, title="Draft", body="Two.", by=first)
    services.workspace_page_save(forum=forum, page=page, title="Draft 3", body="Three.", by=first)
    versions = WorkspacePageVersion.objects.filter(page=page).order_by("number")
    assert [(v.number, v.title, v.body, v.saved_by) for v in versions] == [
        (1, "Draft", "One.", first),
        (2, "Draft", "Two.", second),
    ]
    page.refresh_from_db()
    assert (page.title, page.body) == ("Draft 3", "Three.")


def test_a_page_of_another_forum_is_not_changed(forum):
    from tests.processes.factories import ProcessFactory

    other = services.forum_create(slug="o", name_en="O", name_fr="O", process=ProcessFactory())
    member = staff_with_role("forum member")
    page = services.workspace_page_save(forum=other, title="Theirs", body="Text.", by=member)
    with pytest.raises(WorkspacePage.DoesNotExist):
        services.workspace_page_save(forum=forum, page=page, title="Mine", body="X", by=member)
    page.refresh_from_db()
    assert page.title == "Theirs" and not page.versions.exists()

"""The forum's drafting workspace: a draft's every earlier text is kept."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max

from coplan.accounts.models import User

from ..models import Forum, WorkspacePage, WorkspacePageVersion
from ._common import text


@transaction.atomic
def workspace_page_save(
    *, forum: Forum, title: str, body: str, by: User, page: WorkspacePage | None = None
) -> WorkspacePage:
    """Create or change a draft in the forum's workspace; a change keeps the previous text."""
    title, body = text(title), text(body)
    if page is not None:
        # Lock the page so two members saving at once both keep their predecessor's text.
        page = WorkspacePage.objects.select_for_update().get(pk=page.pk, forum=forum)
        if (page.title, page.body) == (title, body):
            return page
        _keep_previous_text(page)
    page = page or WorkspacePage(forum=forum)
    page.title = title
    page.body = body
    page.updated_by = by
    page.full_clean()
    page.save()
    return page


def _keep_previous_text(page: WorkspacePage) -> None:
    previous = page.versions.aggregate(last=Max("number"))["last"] or 0
    WorkspacePageVersion.objects.create(
        page=page,
        number=previous + 1,
        title=page.title,
        body=page.body,
        saved_by_id=page.updated_by_id,
        saved_at=page.updated_at,
    )

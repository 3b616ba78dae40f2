"""The forum's drafting workspace: pages members draft together, and each page's earlier texts."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from coplan.core.formpage import form_page
from coplan.core.pagination import paginate
from coplan.core.permissions import staff_permission

from .. import selectors, services
from ..forms import WorkspacePageForm
from ..models import WorkspacePage, WorkspacePageVersion
from ._common import forum_or_404


@staff_permission("forum.view_workspace", load=selectors.process_by_slug)
def staff_workspace(request: HttpRequest, process) -> HttpResponse:
    forum = forum_or_404(process)
    pages = paginate(
        WorkspacePage.objects.filter(forum=forum).select_related("updated_by"),
        request.GET.get("page"),
    )
    return render(request, "forum/workspace_list.html", {"process": process, "pages": pages})


@staff_permission("forum.edit_workspace", load=selectors.process_by_slug)
def staff_workspace_edit(request: HttpRequest, process, pk: int | None = None) -> HttpResponse:
    forum = forum_or_404(process)
    page = get_object_or_404(WorkspacePage, forum=forum, pk=pk) if pk else None
    form = WorkspacePageForm(
        request.POST if request.method == "POST" else None,
        initial={"title": page.title, "body": page.body} if page else None,
    )
    return form_page(
        request,
        "forum/workspace_edit.html",
        {"process": process, "form": form, "page": page},
        forms=[form],
        save=lambda: services.workspace_page_save(
            forum=forum, page=page, by=request.user, **form.cleaned_data
        ),
        success=_("The draft is saved."),
        done=lambda _page: redirect("forum:staff_workspace", slug=process.slug),
    )


@staff_permission("forum.view_workspace", load=selectors.process_by_slug)
def staff_workspace_versions(request: HttpRequest, process, pk: int) -> HttpResponse:
    forum = forum_or_404(process)
    page = get_object_or_404(WorkspacePage.objects.select_related("updated_by"), forum=forum, pk=pk)
    versions = paginate(
        page.versions.select_related("saved_by").only(
            "pk", "page_id", "number", "title", "saved_at", "saved_by__display_name"
        ),
        request.GET.get("page"),
    )
    return render(
        request,
        "forum/workspace_versions.html",
        {"process": process, "page": page, "versions": versions},
    )


@staff_permission("forum.view_workspace", load=selectors.process_by_slug)
def staff_workspace_version(request: HttpRequest, process, pk: int, number: int) -> HttpResponse:
    forum = forum_or_404(process)
    version = get_object_or_404(
        WorkspacePageVersion.objects.select_related("page", "saved_by"),
        page__forum=forum,
        page__pk=pk,
        number=number,
    )
    return render(
        request,
        "forum/workspace_version.html",
        {"process": process, "page": version.page, "version": version},
    )

"""The site's static pages, written in both languages side by side."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from coplan.core.formpage import form_page
from coplan.core.permissions import staff_permission
from coplan.processes import building
from coplan.processes.models import StaticPage

from ..forms import StaticPageForm


@staff_permission("processes.manage_pages")
def pages(request: HttpRequest) -> HttpResponse:
    """The site's static pages."""
    return render(request, "backoffice/pages.html", {"pages": StaticPage.objects.order_by("slug")})


def _static_page(page_slug: str) -> StaticPage:
    return get_object_or_404(StaticPage, slug=page_slug)


def _page_form_page(request: HttpRequest, page: StaticPage | None) -> HttpResponse:
    form = StaticPageForm(request.POST if request.method == "POST" else None, instance=page)
    return form_page(
        request,
        "backoffice/page_form.html",
        {"page": page, "form": form},
        forms=[form],
        save=lambda: building.static_page_save(data=form.cleaned_data, page=page),
        success=_("The page is saved."),
        done=lambda saved: redirect("backoffice:page", page_slug=saved.slug),
    )


@staff_permission("processes.manage_pages")
def page_create(request: HttpRequest) -> HttpResponse:
    """A new static page, in both languages."""
    return _page_form_page(request, None)


@staff_permission("processes.manage_pages", load=_static_page)
def page_edit(request: HttpRequest, page: StaticPage) -> HttpResponse:
    """Change a static page's title and text, side by side in both languages."""
    return _page_form_page(request, page)

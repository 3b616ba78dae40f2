"""The codebook: its themes, added, edited, merged and split."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coplan.core.permissions import staff_permission
from coplan.processes.models import Process

from .. import selectors, services
from ..forms import (
    MergeForm,
    SplitForm,
    ThemeForm,
)
from ..models import Theme
from . import say_errors


@staff_permission("analysis.manage_codebook")
def codebook(request: HttpRequest, slug: str) -> HttpResponse:
    """The codebook with how often each theme was confirmed, and the form adding a theme."""
    process = get_object_or_404(Process, slug=slug)
    form = ThemeForm(request.POST if request.method == "POST" else None, process=process)
    if request.method == "POST" and form.is_valid() and _theme_added(request, form, process):
        return redirect("analysis:codebook", slug=slug)
    themes = selectors.codebook_with_counts(process)
    return render(
        request, "analysis/codebook.html", {"process": process, "themes": themes, "form": form}
    )


def _theme_added(request: HttpRequest, form: ThemeForm, process: Process) -> bool:
    try:
        services.theme_create(process=process, **form.cleaned_data)
    except IntegrityError:
        form.add_error("code", _("Another theme already has this code."))
        return False
    except ValidationError as error:
        form.add_error(None, error)
        return False
    messages.success(request, _("Theme added."))
    return True


@staff_permission("analysis.manage_codebook")
def theme_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A theme's names, description and parent (its code stays), with merging and splitting."""
    theme = get_object_or_404(Theme, pk=pk, process__slug=slug, is_active=True)
    form = ThemeForm(
        request.POST if request.method == "POST" else None,
        initial=_theme_initial(theme),
        process=theme.process,
    )
    form.fields["code"].disabled = True
    if request.method == "POST" and form.is_valid() and _theme_saved(request, form, theme):
        return redirect("analysis:codebook", slug=slug)
    context = {"process": theme.process, "theme": theme, "form": form}
    return render(
        request,
        "analysis/theme_edit.html",
        {**context, "merge_form": MergeForm(theme=theme), "split_form": SplitForm()},
    )


def _theme_initial(theme: Theme) -> dict[str, Any]:
    fields = ("code", "name_en", "name_fr", "description_en", "description_fr")
    return {**{name: getattr(theme, name) for name in fields}, "parent": theme.parent_id}


def _theme_saved(request: HttpRequest, form: ThemeForm, theme: Theme) -> bool:
    data = form.cleaned_data
    fields = ("name_en", "name_fr", "description_en", "description_fr", "parent")
    try:
        services.theme_update(theme=theme, **{name: data[name] for name in fields})
    except ValidationError as error:
        form.add_error(None, error)
        return False
    messages.success(request, _("Theme saved."))
    return True


@require_POST
@staff_permission("analysis.manage_codebook")
def theme_merge(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    theme = get_object_or_404(Theme, pk=pk, process__slug=slug, is_active=True)
    form = MergeForm(request.POST, theme=theme)
    if form.is_valid():
        try:
            target = services.theme_merge(source=theme, target=form.cleaned_data["target"])
        except ValidationError as error:
            say_errors(request, error)
        else:
            messages.success(
                request,
                _("“%(source)s” was merged into “%(target)s”; its codings moved with it.")
                % {"source": theme, "target": target},
            )
            return redirect("analysis:codebook", slug=slug)
    else:
        messages.error(request, _("Choose the theme to merge into."))
    return redirect("analysis:theme_edit", slug=slug, pk=pk)


@require_POST
@staff_permission("analysis.manage_codebook")
def theme_split(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    theme = get_object_or_404(Theme, pk=pk, process__slug=slug, is_active=True)
    form = SplitForm(request.POST)
    if form.is_valid():
        try:
            created = services.theme_split(
                theme=theme, parts=form.cleaned_data["parts"], assignments={}
            )
        except (ValidationError, IntegrityError) as error:
            if isinstance(error, IntegrityError):
                messages.error(request, _("Another theme already has one of these codes."))
            else:
                say_errors(request, error)
        else:
            messages.success(
                request,
                _("%(count)s new themes created from “%(theme)s”.")
                % {"count": len(created), "theme": theme},
            )
            return redirect("analysis:codebook", slug=slug)
    else:
        for error in form.errors.get("parts", []):
            messages.error(request, error)
    return redirect("analysis:theme_edit", slug=slug, pk=pk)

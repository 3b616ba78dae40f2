"""The lists staff keep, each with the same four pages: the list, add, change, delete.

The plan's themes, the dispositions analysts choose from, the reasons moderators give and the
organisations (departments, partners) are short lists of bilingual names. One description per
list (`StaffList`) says its model, form, rule and services; `urlpatterns()` makes its pages,
each behind the one permission layer with the list's rule. Writes go through each app's
services (validation, cache invalidation); the security middleware records each in the audit
log of staff actions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coplan.accounts import services as account_services
from coplan.accounts.models import Organisation
from coplan.analysis import services as analysis_services
from coplan.analysis.models import Disposition
from coplan.commitments import services as commitment_services
from coplan.commitments.models import Theme
from coplan.core.formpage import form_page
from coplan.core.pagination import paginate
from coplan.core.permissions import staff_permission
from coplan.moderation import services as moderation_services
from coplan.moderation.models import ModerationReason

from ..forms import DispositionForm, ModerationReasonForm, OrganisationForm, ThemeForm

PAGE_SIZE = 50


@dataclass(frozen=True)
class StaffList:
    """One list staff keep: its pages are named `<name>s`, `<name>_create`, `<name>`,
    `<name>_delete` under /staff/<path>/."""

    name: str
    path: str
    perm: str
    model: type[models.Model]
    form_class: type[forms.ModelForm]
    save: Callable[..., models.Model]
    title: Promise
    add_label: Promise
    intro: Promise
    # Deletes, or refuses with a ValidationError; None: never deleted (set aside instead).
    delete: Callable[[models.Model], None] | None = None
    # (column heading, attribute) shown in the list after the name.
    columns: tuple[tuple[Promise, str], ...] = field(default_factory=tuple)

    @property
    def deletable(self) -> bool:
        # Templates read this, not `delete`: they would call the function.
        return self.delete is not None


LISTS = (
    StaffList(
        name="theme",
        path="themes",
        perm="commitments.manage_themes",
        model=Theme,
        form_class=ThemeForm,
        save=lambda data, obj: commitment_services.theme_save(data=data, theme=obj),
        delete=lambda obj: commitment_services.theme_delete(theme=obj),
        title=gettext_lazy("Themes of the plan"),
        add_label=gettext_lazy("Add a theme"),
        intro=gettext_lazy("Commitments are filed under these themes on the public pages."),
        columns=((gettext_lazy("Short name"), "slug"),),
    ),
    StaffList(
        name="disposition",
        path="dispositions",
        perm="analysis.manage_codebook",
        model=Disposition,
        form_class=DispositionForm,
        save=lambda data, obj: analysis_services.disposition_save(data=data, disposition=obj),
        delete=lambda obj: analysis_services.disposition_delete(disposition=obj),
        title=gettext_lazy("Dispositions"),
        add_label=gettext_lazy("Add a disposition"),
        intro=gettext_lazy(
            "What became of a contribution, as analysts record it and reports show it: "
            "included in the plan, kept for later, out of scope…"
        ),
        columns=(
            (gettext_lazy("Position"), "position"),
            (gettext_lazy("Counts as a response"), "counts_as_response"),
        ),
    ),
    StaffList(
        name="reason",
        path="moderation-reasons",
        perm="moderation.change_moderationreason",
        model=ModerationReason,
        form_class=ModerationReasonForm,
        save=lambda data, obj: moderation_services.reason_save(data=data, reason=obj),
        title=gettext_lazy("Moderation reasons"),
        add_label=gettext_lazy("Add a reason"),
        intro=gettext_lazy(
            "The reasons moderators give when they reject or hide a contribution, quoted from "
            "the rules of participation. The moderation log cites them: a reason is set aside, "
            "never deleted."
        ),
        columns=((gettext_lazy("Position"), "position"), (gettext_lazy("In use"), "is_active")),
    ),
    StaffList(
        name="organisation",
        path="organisations",
        perm="accounts.manage_organisations",
        model=Organisation,
        form_class=OrganisationForm,
        save=lambda data, obj: account_services.organisation_save(data=data, organisation=obj),
        delete=lambda obj: account_services.organisation_delete(organisation=obj),
        title=gettext_lazy("Organisations"),
        add_label=gettext_lazy("Add an organisation"),
        intro=gettext_lazy(
            "Departments, civil-society partners and the forum: staff belong to one, "
            "commitments and milestones name them."
        ),
        columns=((gettext_lazy("Acronym"), "acronym"), (gettext_lazy("Kind"), "get_kind_display")),
    ),
)


def _cells(staff_list: StaffList, obj: models.Model) -> list[Any]:
    cells = []
    for _heading, attribute in staff_list.columns:
        value = getattr(obj, attribute)
        value = value() if callable(value) else value
        if isinstance(value, bool):
            value = _("Yes") if value else _("No")
        cells.append(value)
    return cells


def _list_view(staff_list: StaffList) -> Callable[..., HttpResponse]:
    def view(request: HttpRequest) -> HttpResponse:
        page = paginate(staff_list.model.objects.all(), request.GET.get("page"), PAGE_SIZE)
        rows = [(obj, _cells(staff_list, obj)) for obj in page]
        context = {"list": staff_list, "page": page, "rows": rows}
        return render(request, "backoffice/list.html", context)

    view.__doc__ = f"The {staff_list.path}, with the way to add one."
    return staff_permission(staff_list.perm)(view)


def _form_view(staff_list: StaffList, *, adding: bool) -> Callable[..., HttpResponse]:
    def view(request: HttpRequest, pk: int | None = None) -> HttpResponse:
        obj = None if adding else get_object_or_404(staff_list.model, pk=pk)
        form = staff_list.form_class(
            request.POST if request.method == "POST" else None, instance=obj
        )
        return form_page(
            request,
            "backoffice/list_form.html",
            {"list": staff_list, "obj": obj, "form": form},
            forms=[form],
            save=lambda: staff_list.save(form.cleaned_data, obj),
            success=lambda saved: _("“%(name)s” is saved.") % {"name": saved},
            done=lambda _saved: redirect(f"backoffice:{staff_list.name}s"),
        )

    view.__doc__ = f"{'Add' if adding else 'Change'} one of the {staff_list.path}."
    return staff_permission(staff_list.perm)(view)


def _delete_view(staff_list: StaffList) -> Callable[..., HttpResponse]:
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        obj = get_object_or_404(staff_list.model, pk=pk)
        errors: list[str] = []
        if request.method == "POST":
            try:
                staff_list.delete(obj)
            except ValidationError as error:
                errors = error.messages
            else:
                messages.success(request, _("“%(name)s” is deleted.") % {"name": obj})
                return redirect(f"backoffice:{staff_list.name}s")
        context = {"list": staff_list, "obj": obj, "errors": errors}
        status = 400 if errors else 200
        return render(request, "backoffice/list_delete.html", context, status=status)

    view.__doc__ = f"Delete one of the {staff_list.path} (after a confirmation page)."
    return staff_permission(staff_list.perm)(view)


def urlpatterns() -> list[URLPattern]:
    patterns = []
    for staff_list in LISTS:
        name, prefix = staff_list.name, staff_list.path
        patterns += [
            path(f"{prefix}/", _list_view(staff_list), name=f"{name}s"),
            path(f"{prefix}/new/", _form_view(staff_list, adding=True), name=f"{name}_create"),
            path(f"{prefix}/<int:pk>/", _form_view(staff_list, adding=False), name=name),
        ]
        if staff_list.delete is not None:
            patterns.append(
                path(f"{prefix}/<int:pk>/delete/", _delete_view(staff_list), name=f"{name}_delete")
            )
    return patterns


@staff_permission("backoffice.view_settings")
def settings_index(request: HttpRequest) -> HttpResponse:
    """The lists and settings staff keep, each shown to the roles whose rules open it."""
    lists = [staff_list for staff_list in LISTS if request.user.has_perm(staff_list.perm)]
    return render(request, "backoffice/settings.html", {"lists": lists})

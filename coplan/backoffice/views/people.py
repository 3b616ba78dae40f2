"""Staff roles: who has which, and an administrator's way to give or take them.

A person is found by their email address (they must have an account: they create it
themselves, so that their password is theirs alone). The roles are the groups of
`accounts.roles`; `accounts.services.user_roles_set` records each change and signs the person's
sessions out when a role is taken away.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coplan.accounts import roles
from coplan.accounts import services as account_services
from coplan.accounts.models import RoleChange, User
from coplan.core.pagination import paginate
from coplan.core.permissions import staff_permission

from ..forms import PersonFindForm, RolesForm

PERM = "accounts.manage_users"
PAGE_SIZE = 50
# The latest changes shown on a person's page.
CHANGES_SHOWN = 20


@staff_permission(PERM)
def people(request: HttpRequest) -> HttpResponse:
    """Everyone with a staff role, with their roles; find anyone else by email address (posted,
    so that the address stays out of URLs and server logs)."""
    find = PersonFindForm(request.POST if request.method == "POST" else None)
    errors: list[str] = []
    if find.is_bound and find.is_valid():
        person = User.objects.filter(email__iexact=find.cleaned_data["email"]).first()
        if person is not None:
            return redirect("backoffice:person", pk=person.pk)
        errors = [
            _(
                "No account has this address: the person creates their account first, then "
                "you give them a role."
            )
        ]
    staff = (
        User.objects.filter(groups__name__in=roles.STAFF_ROLES)
        .distinct()
        .select_related("organisation")
        .prefetch_related(Prefetch("groups"))
        .order_by("email")
    )
    page = paginate(staff, request.GET.get("page"), PAGE_SIZE)
    context = {"page": page, "find": find, "errors": errors, "role_names": roles.ROLES}
    status = 400 if find.is_bound else 200
    return render(request, "backoffice/people.html", context, status=status)


@staff_permission(PERM)
def person(request: HttpRequest, pk: int) -> HttpResponse:
    """One person's roles, to change together; the latest changes of their roles below."""
    person = get_object_or_404(User.objects.select_related("organisation"), pk=pk)
    current = sorted(set(person.groups.values_list("name", flat=True)) & set(roles.ROLES))
    data = request.POST if request.method == "POST" else None
    form = RolesForm(data, initial={"roles": current})
    errors: list[str] = []
    if data is not None and form.is_valid():
        try:
            _roles_set(request, person, form.cleaned_data["roles"])
        except ValidationError as error:
            errors = error.messages
        else:
            return redirect("backoffice:person", pk=person.pk)
    changes = RoleChange.objects.filter(user=person).select_related("by")[:CHANGES_SHOWN]
    context = {
        "person": person,
        "form": form,
        "errors": errors,
        "changes": list(changes),
        "is_self": person.pk == request.user.pk,
    }
    return render(request, "backoffice/person.html", context, status=400 if data else 200)


def _roles_set(request: HttpRequest, person: User, new_roles: list[str]) -> None:
    granted, removed = account_services.user_roles_set(
        user=person, new_roles=new_roles, by=request.user
    )
    if person.pk == request.user.pk and removed:
        # Their other sessions end; this one, where they made the change, goes on.
        request.user.refresh_from_db()
        update_session_auth_hash(request, request.user)
    messages.success(request, _changes_message(granted, removed))


def _changes_message(granted: set[str], removed: set[str]) -> str:
    if not granted and not removed:
        return _("The roles are unchanged.")
    if removed:
        return _(
            "The roles are saved. The person is signed out everywhere and signs in again "
            "with the rights they have now."
        )
    return _("The roles are saved.")


@require_POST
@staff_permission(PERM)
def person_mfa_reset(request: HttpRequest, pk: int) -> HttpResponse:
    """A colleague lost their authenticator: remove their second-factor devices and email them
    a link to set up a new one (to their own address, usable only after their password)."""
    person = get_object_or_404(User, pk=pk)
    if person.pk == request.user.pk:
        messages.error(request, _("Another administrator resets your own two-step sign-in."))
    else:
        account_services.mfa_reset(user=person)
        account_services.mfa_enrol_link_request(user=person, language=person.preferred_language)
        messages.success(
            request,
            _(
                "Two-step sign-in is reset: the person sets up a new app at their next sign-in; "
                "a set-up link is on its way to their address."
            ),
        )
    return redirect("backoffice:person", pk=person.pk)

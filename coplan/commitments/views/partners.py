"""Partnerships: staff add organisations; invited ones answer."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from coplan.core.permissions import staff_permission

from .. import selectors, services
from ..forms import (
    ActorForm,
)
from ..models import (
    Commitment,
    CommitmentActor,
)
from .common import error_text, load_actor, load_commitment


@staff_permission("commitments.view_staff")
def invitations(request: HttpRequest, process_slug: str) -> HttpResponse:
    process = selectors.process_by_slug(process_slug)
    everywhere = selectors.open_invitations(request.user)
    pending = [actor for actor in everywhere if actor.commitment.process_id == process.pk]
    context = {"process": process, "invitations": pending}
    return render(request, "commitments/invitations.html", context)


@staff_permission("commitments.manage_partners", load=load_commitment)
def partners(request: HttpRequest, commitment: Commitment) -> HttpResponse:
    form = ActorForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.actor_add(commitment=commitment, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The organisation was added."))
            return redirect(request.path)
    return render(
        request,
        "commitments/partners.html",
        {
            "commitment": commitment,
            "process": commitment.process,
            "actors": selectors.actors_for_editors(commitment),
            "form": form,
        },
    )


@staff_permission("commitments.respond_partnership", load=load_actor)
def partner_respond(request: HttpRequest, actor: CommitmentActor) -> HttpResponse:
    commitment = actor.commitment
    if request.method != "POST":
        return render(
            request,
            "commitments/partner_respond.html",
            {"commitment": commitment, "process": commitment.process, "actor": actor},
        )
    answer = request.POST.get("answer")
    if answer not in ("confirm", "decline"):
        return render(request, "400.html", status=400)
    try:
        services.actor_respond(actor=actor, user=request.user, confirm=answer == "confirm")
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Thank you: your answer is recorded."))
    return redirect("commitments:invitations", process_slug=commitment.process.slug)

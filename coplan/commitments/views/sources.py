"""Where a commitment came from: staff link contributions to it, or remove a link."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coplan.core.permissions import staff_permission

from .. import selectors, services
from ..forms import (
    LinkForm,
)
from ..models import (
    Commitment,
    ContributionLink,
)
from .common import load_commitment


@staff_permission("commitments.link_contribution", load=load_commitment)
def sources(request: HttpRequest, commitment: Commitment) -> HttpResponse:
    form = LinkForm(request.POST if request.method == "POST" else None, process=commitment.process)
    if request.method == "POST" and form.is_valid():
        try:
            services.contribution_link(
                commitment=commitment, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The contribution is linked to this commitment."))
            return redirect(request.path)
    return render(
        request,
        "commitments/sources.html",
        {
            "commitment": commitment,
            "process": commitment.process,
            "links": selectors.sources_of(commitment, public=False),
            "form": form,
        },
    )


@require_POST
@staff_permission("commitments.link_contribution", load=load_commitment)
def source_unlink(request: HttpRequest, commitment: Commitment, pk: int) -> HttpResponse:
    link = get_object_or_404(ContributionLink, commitment=commitment, pk=pk)
    services.contribution_unlink(link=link)
    messages.success(request, _("The link was removed."))
    return redirect("commitments:sources", commitment.process.slug, commitment.identifier)

"""A contribution's own page, flagging a published one, and one's own items (withdrawn while
they wait for moderation)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coplan.core.formerrors import service_errors_to_form
from coplan.core.pagecache import not_cacheable, page_cache
from coplan.core.pagination import paginate
from coplan.core.ratelimit import rate_limited

from .. import selectors, services
from ..forms import FlagForm
from ..models import Contribution, Kind, ModerationState
from ..outcomes import outcomes_for
from ..visitor import author_of, own_ids, visitor_key
from .common import public_address, rejected_as_bot, renew_stale_token


def _where_posted(contribution: Contribution) -> tuple[str, str]:
    """(address, name) of the page a contribution was posted on, at its place in the thread."""
    target = contribution.target if contribution.target_type_id else None
    if target is not None and contribution.kind in (Kind.COMMENT, Kind.REPLY):
        title = getattr(target, "public_title", None) or str(target)
        return public_address(contribution), title
    if contribution.opportunity is not None:
        return contribution.opportunity.get_absolute_url(), contribution.opportunity.title
    return "", ""


@page_cache
def contribution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Any contribution's public page: what was said, where, and what became of it."""
    contribution = selectors.contribution_for_page(pk, own_ids=own_ids(request), user=request.user)
    if contribution.kind == Kind.IDEA:
        return redirect("contributions:idea_detail", pk=contribution.pk)
    if contribution.moderation_state != ModerationState.PUBLISHED:
        not_cacheable(request)  # only its author sees it
    where_url, where_title = _where_posted(contribution)
    process = contribution.process
    return render(
        request,
        "contributions/contribution_detail.html",
        {
            "contribution": contribution,
            "heading": contribution.get_kind_display(),
            "process": process,
            "where_url": where_url,
            "where_title": where_title,
            "outcome": outcomes_for([contribution.pk])[contribution.pk],
        },
    )


@rate_limited()
def contribution_flag(request: HttpRequest, pk: int) -> HttpResponse:
    contribution = get_object_or_404(
        Contribution.objects.select_related("process", "opportunity__phase__process"),
        pk=pk,
        moderation_state=ModerationState.PUBLISHED,
    )
    form = FlagForm(request.POST if request.method == "POST" else None)
    context = {"form": form, "contribution": contribution, "back": public_address(contribution)}
    if request.method != "POST":
        return render(request, "contributions/flag_form.html", context)
    if form.is_bot:
        return rejected_as_bot(request)
    if not form.is_valid():
        renew_stale_token(form)
    elif _flag(request, contribution, form):
        return redirect(public_address(contribution))
    return render(request, "contributions/flag_form.html", context, status=400)


def _flag(request: HttpRequest, contribution: Contribution, form: FlagForm) -> bool:
    """Flag the contribution and say so; False with the service's errors on the form."""
    try:
        added = services.contribution_flag(
            contribution=contribution,
            flagger_key=visitor_key(request),
            user=author_of(request),
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        service_errors_to_form(form, error)
        return False
    if added:
        messages.success(request, _("Thank you. A moderator will look at this contribution."))
    else:
        messages.info(request, _("You have already flagged this contribution."))
    return True


def my_contributions(request: HttpRequest) -> HttpResponse:
    items = selectors.own_contributions(user=request.user, own_ids=own_ids(request))
    page = paginate(items, request.GET.get("page"))
    page.object_list = list(page.object_list)
    outcomes = outcomes_for([item.pk for item in page.object_list])
    for item in page.object_list:
        item.outcome = outcomes[item.pk]
    return render(request, "contributions/my_contributions.html", {"page": page})


@require_POST
@rate_limited()
def contribution_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    contribution = get_object_or_404(
        selectors.own_contributions(user=request.user, own_ids=own_ids(request)), pk=pk
    )
    try:
        services.contribution_withdraw(contribution=contribution)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your contribution was withdrawn: it will not be published."))
    return redirect("contributions:mine")

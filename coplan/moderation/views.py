"""Staff pages of moderation: the queue, one contribution, the log."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from coplan.core.pagination import paginate
from coplan.core.permissions import staff_permission

from . import selectors, services
from .annotations import annotate_queue
from .forms import DecisionForm, QueueFilterForm
from .models import Action

QUEUE_PAGE_SIZE = 50
# Characters of a contribution shown before "Show all" on its moderation page.
LONG_TEXT_PREVIEW_CHARACTERS = 20_000


@staff_permission("moderation.moderate")
def queue(request: HttpRequest) -> HttpResponse:
    data = request.GET.copy()
    if "state" not in data and "flagged" not in data:
        data["state"] = "pending"
    filters = QueueFilterForm(data)
    cleaned = filters.cleaned_data if filters.is_valid() else {"state": "pending"}
    page = paginate(selectors.queue(cleaned), request.GET.get("page"), QUEUE_PAGE_SIZE)
    items = list(page.object_list)
    notes = annotate_queue(items)
    for item in items:
        item.queue_notes = notes.get(item.pk, [])
    query = data.copy()
    query.pop("page", None)
    return render(
        request,
        "moderation/queue.html",
        {
            "filters": filters,
            "page": page,
            "items": items,
            "decision_form": DecisionForm(
                ids=[item.pk for item in items], initial={"next": request.get_full_path()}
            ),
            "query": query.urlencode(),
            "reported": selectors.reported_count(),
            "has_notes": bool(notes),
        },
    )


@require_POST
@staff_permission("moderation.moderate")
def decide(request: HttpRequest) -> HttpResponse:
    form = DecisionForm(request.POST)
    target = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = ""
    back = target or "moderation:queue"
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back) if target else _bad_decision(request, form)
    try:
        count = services.contributions_moderate(
            contribution_ids=form.cleaned_data["ids"],
            action=form.cleaned_data["action"],
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
            moderator=request.user,
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(back)
    messages.success(
        request,
        ngettext(
            "%(count)s contribution: %(action)s.",
            "%(count)s contributions: %(action)s.",
            count,
        )
        % {"count": count, "action": Action(form.cleaned_data["action"]).label},
    )
    return redirect(back)


def _bad_decision(request: HttpRequest, form: DecisionForm) -> HttpResponse:
    return render(request, "moderation/decision_error.html", {"form": form}, status=400)


@staff_permission("moderation.moderate")
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    contribution = selectors.contribution_for_moderation(pk)
    # An email is kept whole, a brief of megabytes too: the page shows its start (highlighting
    # every character of it took seconds), and all of it when asked.
    shortened = (
        request.GET.get("full") != "1" and len(contribution.text) > LONG_TEXT_PREVIEW_CHARACTERS
    )
    end = LONG_TEXT_PREVIEW_CHARACTERS if shortened else None
    return render(
        request,
        "moderation/detail.html",
        {
            "item": contribution,
            "text": contribution.text[:end],
            "public_text": contribution.public_text[:end],
            "shortened": shortened,
            "text_length": len(contribution.text),
            "decision_form": DecisionForm(
                ids=[contribution.pk], initial={"next": request.get_full_path()}
            ),
        },
    )


@staff_permission("moderation.moderate")
def log(request: HttpRequest) -> HttpResponse:
    page = paginate(selectors.decisions_log(), request.GET.get("page"), QUEUE_PAGE_SIZE)
    return render(request, "moderation/log.html", {"page": page})

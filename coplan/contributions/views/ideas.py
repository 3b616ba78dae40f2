"""Calls for ideas: the list of published ideas, proposing one, an idea's page; and the page of
a general-feedback call."""

from __future__ import annotations

from django.contrib import messages
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from coplan.core.pagecache import (
    content_version,
    not_cacheable,
    page_shows_process,
    process_page_cache,
    process_version,
)
from coplan.core.pagination import paginate
from coplan.core.ratelimit import rate_limited
from coplan.processes import selectors as process_selectors
from coplan.processes.models import Opportunity

from .. import selectors, services
from ..forms import IdeaForm
from ..models import Contribution, ModerationState
from ..outcomes import outcomes_for
from ..pagescopes import idea_list_scope, idea_scope
from ..visitor import author_of, own_ids, remember_own
from .common import rejected_as_bot, renew_stale_token, submit_with_followup

VoiceRule = Opportunity.VoiceRule
IDEAS_PER_PAGE = 20
IDEA_FORM = "contributions/idea_form.html"
# Rendered fragments carry the content version in their key: decisions and supports replace
# them at once; the time limit only bounds memory.
FRAGMENT_SECONDS = 600


def fragment_key(*parts: object, version: str | None = None) -> str:
    """Kept under the version every change bumps, or under `version` (a `process_version`)."""
    joined = ":".join(str(part) for part in parts)
    stamp = content_version() if version is None else f"p{version}"
    return f"fragment:{stamp}:{get_language()}:{joined}"


def _ideas_opportunity(slug: str, opportunity_slug: str) -> Opportunity:
    opportunity = process_selectors.opportunity_in_process(slug, opportunity_slug)
    if opportunity.kind != Opportunity.Kind.IDEAS:
        raise Http404
    return opportunity


@process_page_cache(lambda slug, opportunity_slug: f"ideas:{slug}:{opportunity_slug}")
def idea_list(request: HttpRequest, slug: str, opportunity_slug: str) -> HttpResponse:
    opportunity = _ideas_opportunity(slug, opportunity_slug)
    page_shows_process(request, opportunity.phase.process_id, idea_list_scope(opportunity.pk))
    order = request.GET.get("order", selectors.DEFAULT_IDEA_ORDER)
    if order not in selectors.IDEA_ORDERS:
        order = selectors.DEFAULT_IDEA_ORDER
    accepting = opportunity.is_accepting_input()
    return render(
        request,
        "contributions/idea_list.html",
        {
            "opportunity": opportunity,
            "process": opportunity.phase.process,
            "ideas_html": mark_safe(  # noqa: S308 - rendered by our template
                _ideas_html(request, opportunity, order, accepting)
            ),
            "accepting": accepting,
        },
    )


def _ideas_html(request: HttpRequest, opportunity: Opportunity, order: str, accepting: bool) -> str:
    """The list itself, the same for every visitor: kept under the list's version, which
    supports bump (the list shows their counts)."""
    page_number = request.GET.get("page", "1")[:12]
    version = process_version(opportunity.phase.process_id, idea_list_scope(opportunity.pk))
    key = fragment_key("ideas", opportunity.pk, order, page_number, accepting, version=version)
    ideas_html: str | None = cache.get(key)
    if ideas_html is None:
        page = paginate(
            selectors.ideas_published(opportunity, order), request.GET.get("page"), IDEAS_PER_PAGE
        )
        orders = [
            ("newest", _("Newest")),
            ("supported", _("Most supported")),
            ("discussed", _("Most discussed")),
        ]
        ideas_html = render_to_string(
            "contributions/includes/idea_items.html",
            {
                "page": page,
                "ideas": list(page.object_list),
                "order": order,
                "orders": orders,
                "accepting": accepting,
            },
        )
        cache.set(key, ideas_html, FRAGMENT_SECONDS)
    return ideas_html


@rate_limited()
def idea_create(request: HttpRequest, slug: str, opportunity_slug: str) -> HttpResponse:
    opportunity = _ideas_opportunity(slug, opportunity_slug)
    context = {"opportunity": opportunity, "process": opportunity.phase.process}
    refused = 403 if request.method == "POST" else 200
    if not opportunity.is_accepting_input():
        return render(request, IDEA_FORM, context, status=refused)
    if not request.user.has_perm("processes.take_part", opportunity):
        context["sign_in_required"] = True
        return render(request, IDEA_FORM, context, status=refused)
    if request.method != "POST":
        return render(request, IDEA_FORM, {**context, "form": IdeaForm()})
    form = IdeaForm(request.POST)
    context["form"] = form
    if form.is_bot:
        return rejected_as_bot(request)
    if not form.is_valid():
        renew_stale_token(form)
        return render(request, IDEA_FORM, context, status=400)
    if form.findings and not request.POST.get("confirm_sensitive"):
        context["findings"] = form.findings
        return render(request, IDEA_FORM, context)
    idea = _idea_submit(request, opportunity, form)
    if idea is None:
        return render(request, IDEA_FORM, context, status=400)
    return _thanked(request, idea)


def _thanked(request: HttpRequest, idea: Contribution) -> HttpResponse:
    """Say the idea waits for moderation, remember it as the visitor's, show it to them."""
    remember_own(request, idea.pk)
    messages.success(
        request,
        _(
            "Thank you. Your idea was received and is waiting for moderation: it "
            "will appear once a moderator has approved it."
        ),
    )
    return redirect("contributions:idea_detail", pk=idea.pk)


def _idea_submit(
    request: HttpRequest, opportunity: Opportunity, form: IdeaForm
) -> Contribution | None:
    author = author_of(request)
    data = form.cleaned_data
    return submit_with_followup(
        form,
        lambda: services.idea_submit(
            opportunity=opportunity,
            title=data["title"],
            text=data["text"],
            province=data["province"],
            author=author,
            contact_name=data["name"],
            contact_email=data["email"],
            consent_to_publish=data["consent_to_publish"],
            external_ref=form.external_ref_for(request),
        ),
        author,
    )


@process_page_cache(lambda pk: f"contribution:{pk}")
def idea_detail(request: HttpRequest, pk: int) -> HttpResponse:
    idea = selectors.idea_for_page(pk, own_ids=own_ids(request), user=request.user)
    if idea.moderation_state != ModerationState.PUBLISHED:
        not_cacheable(request)  # only its author sees it
    page_shows_process(request, idea.process_id, idea_scope(idea.pk))
    accepting = idea.opportunity is not None and idea.opportunity.is_accepting_input()
    return render(
        request,
        "contributions/idea_detail.html",
        {
            "idea": idea,
            "opportunity": idea.opportunity,
            "process": idea.process if idea.opportunity is None else idea.opportunity.phase.process,
            "accepting": accepting,
            "support_argument": f"{idea.pk}:{int(accepting)}:"
            + (idea.opportunity.voice_rule if idea.opportunity else VoiceRule.OPEN),
            "outcome": outcomes_for([idea.pk])[idea.pk],
        },
    )


def feedback(request: HttpRequest, slug: str, opportunity_slug: str) -> HttpResponse:
    """A general-feedback opportunity: comments on the opportunity itself."""
    opportunity = process_selectors.opportunity_in_process(slug, opportunity_slug)
    if opportunity.kind != Opportunity.Kind.FEEDBACK:
        raise Http404
    context = {"opportunity": opportunity, "process": opportunity.phase.process}
    return render(request, "contributions/feedback.html", context)

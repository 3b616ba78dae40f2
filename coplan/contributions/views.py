"""Taking part on the web: ideas, supports, comments, flags, page feedback, one's own items."""

from __future__ import annotations

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coplan.core.pagecache import (
    content_version,
    not_cacheable,
    page_cache,
    page_shows_process,
    process_page_cache,
    process_version,
)
from coplan.core.pagination import paginate
from coplan.core.ratelimit import rate_limited
from coplan.processes import selectors as process_selectors
from coplan.processes.models import Opportunity, Process
from coplan.processes.participation import participation_url

from . import selectors, services, voice
from .commentable import accepts_comments, resolve_target
from .followup import followup_request
from .forms import PAGE_FEEDBACK_PREFIX, CommentForm, FlagForm, IdeaForm, PageFeedbackForm
from .models import Contribution, Kind, ModerationState
from .outcomes import outcomes_for
from .pagescopes import idea_list_scope, idea_scope
from .visitor import author_of, own_ids, remember_own, remember_support, visitor_key

VoiceRule = Opportunity.VoiceRule
IDEAS_PER_PAGE = 20
# Rendered fragments carry the content version in their key: decisions and supports replace
# them at once; the time limit only bounds memory.
FRAGMENT_SECONDS = 600


def fragment_key(*parts, version: str | None = None) -> str:
    """Kept under the version every change bumps, or under `version` (a `process_version`)."""
    joined = ":".join(str(part) for part in parts)
    stamp = content_version() if version is None else f"p{version}"
    return f"fragment:{stamp}:{get_language()}:{joined}"


def _ideas_opportunity(slug: str, opportunity_slug: str) -> Opportunity:
    opportunity = process_selectors.opportunity_in_process(slug, opportunity_slug)
    if opportunity.kind != Opportunity.Kind.IDEAS:
        raise Http404
    return opportunity


def _apply_service_error(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _followup(form, contribution: Contribution, author) -> None:
    """The contributor's “email me when it receives a response”, stored with the contribution
    (called inside its transaction: if either fails, neither is kept)."""
    if form.cleaned_data.get("notify"):
        followup_request(
            contribution=contribution,
            email=form.cleaned_data["email"],
            language=(get_language() or "en")[:2],
            user=author,
        )


def _rejected_as_bot(request: HttpRequest) -> HttpResponse:
    return render(request, "contributions/rejected.html", status=400)


def _safe_next(request: HttpRequest, candidate: str | None, fallback: str) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback


@process_page_cache(lambda slug, opportunity_slug: f"ideas:{slug}:{opportunity_slug}")
def idea_list(request: HttpRequest, slug: str, opportunity_slug: str) -> HttpResponse:
    opportunity = _ideas_opportunity(slug, opportunity_slug)
    process_id, shown = opportunity.phase.process_id, idea_list_scope(opportunity.pk)
    page_shows_process(request, process_id, shown)
    order = request.GET.get("order", selectors.DEFAULT_IDEA_ORDER)
    if order not in selectors.IDEA_ORDERS:
        order = selectors.DEFAULT_IDEA_ORDER
    orders = [
        ("newest", _("Newest")),
        ("supported", _("Most supported")),
        ("discussed", _("Most discussed")),
    ]
    # The list is the same for every visitor, kept under its version (supports bump it).
    accepting = opportunity.is_accepting_input()
    page_number = request.GET.get("page", "1")[:12]
    version = process_version(process_id, shown)
    key = fragment_key("ideas", opportunity.pk, order, page_number, accepting, version=version)
    ideas_html = cache.get(key)
    if ideas_html is None:
        page = paginate(
            selectors.ideas_published(opportunity, order), request.GET.get("page"), IDEAS_PER_PAGE
        )
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
    return render(
        request,
        "contributions/idea_list.html",
        {
            "opportunity": opportunity,
            "process": opportunity.phase.process,
            "ideas_html": mark_safe(ideas_html),  # noqa: S308 - rendered by our template
            "accepting": accepting,
        },
    )


@rate_limited()
def idea_create(request: HttpRequest, slug: str, opportunity_slug: str) -> HttpResponse:
    opportunity = _ideas_opportunity(slug, opportunity_slug)
    process = opportunity.phase.process
    context = {"opportunity": opportunity, "process": process}
    if not opportunity.is_accepting_input():
        status = 403 if request.method == "POST" else 200
        return render(request, "contributions/idea_form.html", context, status=status)
    author = author_of(request)
    if not request.user.has_perm("processes.take_part", opportunity):
        context["sign_in_required"] = True
        status = 403 if request.method == "POST" else 200
        return render(request, "contributions/idea_form.html", context, status=status)
    form = IdeaForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_bot:
            return _rejected_as_bot(request)
        if form.is_valid():
            if form.findings and not request.POST.get("confirm_sensitive"):
                context.update(form=form, findings=form.findings)
                return render(request, "contributions/idea_form.html", context)
            try:
                with transaction.atomic():
                    idea = services.idea_submit(
                        opportunity=opportunity,
                        title=form.cleaned_data["title"],
                        text=form.cleaned_data["text"],
                        province=form.cleaned_data["province"],
                        author=author,
                        contact_name=form.cleaned_data["name"],
                        contact_email=form.cleaned_data["email"],
                        consent_to_publish=form.cleaned_data["consent_to_publish"],
                        external_ref=form.external_ref_for(request),
                    )
                    _followup(form, idea, author)
            except ValidationError as error:
                _apply_service_error(form, error)
            else:
                remember_own(request, idea.pk)
                messages.success(
                    request,
                    _(
                        "Thank you. Your idea was received and is waiting for moderation: it "
                        "will appear once a moderator has approved it."
                    ),
                )
                return redirect("contributions:idea_detail", pk=idea.pk)
        elif "form_token" in form.errors:
            form.renew_token()
        status = 400
    else:
        status = 200
    context["form"] = form
    return render(request, "contributions/idea_form.html", context, status=status)


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


def _where_posted(contribution: Contribution) -> tuple[str, str]:
    """(address, name) of the page a contribution was posted on, at its place in the thread."""
    target = contribution.target if contribution.target_type_id else None
    if target is not None and contribution.kind in (Kind.COMMENT, Kind.REPLY):
        title = getattr(target, "public_title", None) or str(target)
        return _public_address(contribution), title
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


@require_POST
@rate_limited()
def idea_support(request: HttpRequest, pk: int) -> HttpResponse:
    idea = get_object_or_404(
        Contribution.objects.select_related("opportunity__phase__process"),
        pk=pk,
        kind=Kind.IDEA,
        moderation_state=ModerationState.PUBLISHED,
    )
    if idea.opportunity is not None and idea.opportunity.voice_rule == VoiceRule.CONFIRMED_EMAIL:
        return _idea_support_by_email(request, idea)
    try:
        added = services.idea_support(
            idea=idea, supporter_key=visitor_key(request), user=author_of(request)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("contributions:idea_detail", pk=idea.pk)
    if added:
        remember_support(request, idea.pk)
        messages.success(request, _("Thank you: your support is counted."))
    else:
        messages.info(request, _("You already support this idea: each person counts once."))
    return redirect(_safe_next(request, request.POST.get("next"), idea.get_absolute_url()))


def _idea_support_by_email(request: HttpRequest, idea: Contribution) -> HttpResponse:
    """Send the confirmation link; the support counts once the address is confirmed."""
    try:
        support = voice.support_request(
            idea=idea, email=request.POST.get("email", ""), language=get_language()
        )
    except ValidationError as error:
        return render(
            request,
            "contributions/support_problem.html",
            {"message": " ".join(error.messages), "idea_pk": idea.pk},
            status=400,
        )
    if support is None:
        messages.info(request, _("You already support this idea: each person counts once."))
    else:
        messages.success(
            request,
            _(
                "Almost done: we sent a confirmation link to your email address. Your support "
                "counts once you follow it."
            ),
        )
    return redirect(_safe_next(request, request.POST.get("next"), idea.get_absolute_url()))


@rate_limited(methods=("GET", "POST"))
def support_confirm(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    """The link from the confirmation email. Opening it shows a button and changes nothing (mail
    scanners open links); pressing the button counts the support once. A bad link: 400."""
    try:
        if request.method == "POST":
            idea = voice.support_confirm(idea_pk=pk, token=token)
        else:
            idea = voice.support_pending(idea_pk=pk, token=token).contribution
    except ValidationError as error:
        return render(
            request,
            "contributions/support_problem.html",
            {"message": error.messages[0], "idea_pk": pk},
            status=400,
        )
    if request.method == "POST":
        remember_support(request, idea.pk)
        messages.success(request, _("Thank you: your support is confirmed and counted."))
        return redirect("contributions:idea_detail", pk=idea.pk)
    return render(
        request,
        "contributions/address_confirm.html",
        {
            "heading": _("Confirm your support"),
            "explanation": _(
                "You asked to support the idea “%(title)s”. It counts once you confirm."
            )
            % {"title": idea.public_title},
            "button": _("Confirm my support"),
            "back_url": idea.get_absolute_url(),
            "back_label": _("Back to the idea"),
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
    status = 200
    if request.method == "POST":
        if form.is_bot:
            return _rejected_as_bot(request)
        if form.is_valid():
            try:
                added = services.contribution_flag(
                    contribution=contribution,
                    flagger_key=visitor_key(request),
                    user=author_of(request),
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                _apply_service_error(form, error)
            else:
                if added:
                    messages.success(
                        request, _("Thank you. A moderator will look at this contribution.")
                    )
                else:
                    messages.info(request, _("You have already flagged this contribution."))
                return redirect(_public_address(contribution))
        elif "form_token" in form.errors:
            form.renew_token()
        status = 400
    return render(
        request,
        "contributions/flag_form.html",
        {"form": form, "contribution": contribution, "back": _public_address(contribution)},
        status=status,
    )


def _public_address(contribution: Contribution) -> str:
    """Where a published contribution is shown: its own page for ideas, else its thread."""
    if contribution.kind == Kind.IDEA:
        return contribution.get_absolute_url()
    target = contribution.target
    if isinstance(target, Opportunity):
        address = participation_url(target)
        if address:
            return f"{address}#comment-{contribution.pk}"
    if target is not None and hasattr(target, "get_absolute_url"):
        return f"{target.get_absolute_url()}#comment-{contribution.pk}"
    return reverse("processes:home")


@require_POST
@rate_limited()
def comment_create(request: HttpRequest, content_type_id: int, object_id: int) -> HttpResponse:
    entry, target = resolve_target(content_type_id, object_id)
    process: Process = entry.process(target)
    opportunity = entry.opportunity(target)
    fallback = target.get_absolute_url() if hasattr(target, "get_absolute_url") else "/"
    back = _safe_next(request, request.POST.get("next"), fallback)
    context = {
        "target": target,
        "process": process,
        "back": back,
        "content_type_id": content_type_id,
    }
    if not accepts_comments(entry, target):
        context["closed"] = True
        return render(request, "contributions/comment_form.html", context, status=403)
    author = author_of(request)
    if not request.user.has_perm("processes.take_part", opportunity):
        context["sign_in_required"] = True
        return render(request, "contributions/comment_form.html", context, status=403)
    parent = None
    parent_id = request.POST.get("parent") or None
    if parent_id:
        # A hidden, rejected or foreign comment cannot be answered: 404, never stored.
        try:
            parent = (
                Contribution.objects.published()
                .for_target(target)
                .get(pk=int(parent_id), kind=Kind.COMMENT)
            )
        except (Contribution.DoesNotExist, ValueError, TypeError):
            raise Http404 from None
    form = CommentForm(request.POST, reply_to=parent.pk if parent else None)
    context.update(form=form, parent=parent)
    if form.is_bot:
        return _rejected_as_bot(request)
    if form.is_valid():
        if form.findings and not request.POST.get("confirm_sensitive"):
            context["findings"] = form.findings
            return render(request, "contributions/comment_form.html", context)
        try:
            with transaction.atomic():
                comment = services.comment_submit(
                    process=process,
                    opportunity=opportunity,
                    target=target,
                    parent=parent,
                    text=form.cleaned_data["text"],
                    author=author,
                    contact_name=form.cleaned_data["name"],
                    contact_email=form.cleaned_data["email"],
                    consent_to_publish=form.cleaned_data["consent_to_publish"],
                    external_ref=form.external_ref_for(request),
                )
                _followup(form, comment, author)
        except ValidationError as error:
            _apply_service_error(form, error)
        else:
            remember_own(request, comment.pk)
            messages.success(
                request,
                _(
                    "Thank you. Your comment was received and is waiting for moderation: it "
                    "will appear once a moderator has approved it."
                ),
            )
            return redirect(f"{back.split('#')[0]}#comments")
    elif "form_token" in form.errors:
        form.renew_token()
    return render(request, "contributions/comment_form.html", context, status=400)


def reply_form(
    request: HttpRequest, content_type_id: int, object_id: int, parent_id: int
) -> HttpResponse:
    """The form to answer one published comment (works without JavaScript)."""
    entry, target = resolve_target(content_type_id, object_id)
    parent = get_object_or_404(
        Contribution.objects.published().for_target(target), pk=parent_id, kind=Kind.COMMENT
    )
    fallback = target.get_absolute_url() if hasattr(target, "get_absolute_url") else "/"
    back = _safe_next(request, request.GET.get("next"), fallback)
    opportunity = entry.opportunity(target)
    context = {
        "target": target,
        "process": entry.process(target),
        "back": back,
        "parent": parent,
        "content_type_id": content_type_id,
    }
    if not accepts_comments(entry, target):
        context["closed"] = True
    elif not request.user.has_perm("processes.take_part", opportunity):
        context["sign_in_required"] = True
    else:
        context["form"] = CommentForm(reply_to=parent.pk, initial={"next": back})
    return render(request, "contributions/comment_form.html", context)


def _process_for_page(path: str) -> Process | None:
    """The consultation a page belongs to, else the most recent active one."""
    try:
        match = resolve(path.split("?")[0])
    except Resolver404:
        match = None
    if match is not None:
        slug = match.kwargs.get("slug") if match.namespace == "processes" else None
        if slug and match.url_name in {"detail", "opportunity"}:
            process = Process.objects.filter(slug=slug).first()
            if process is not None:
                return process
        pk = match.kwargs.get("pk") if match.namespace == "contributions" else None
        if pk:
            process = Process.objects.filter(contributions__pk=pk).first()
            if process is not None:
                return process
    return (
        Process.objects.filter(status=Process.Status.ACTIVE).order_by("-starts_on").first()
        or Process.objects.order_by("-starts_on").first()
    )


@require_POST
@rate_limited()
def page_feedback(request: HttpRequest) -> HttpResponse:
    form = PageFeedbackForm(request.POST, prefix=PAGE_FEEDBACK_PREFIX)
    if form.is_bot:
        return _rejected_as_bot(request)
    process = None
    findings = []
    if form.is_valid():
        process = _process_for_page(form.cleaned_data["page"])
        if process is None:
            form.add_error(None, _("Feedback cannot be received before a consultation exists."))
        elif form.findings and not request.POST.get("confirm_sensitive"):
            findings = form.findings
        else:
            try:
                services.page_feedback_submit(
                    process=process,
                    page_url=form.cleaned_data["page"],
                    useful=form.cleaned_data["useful"],
                    text=form.cleaned_data["comment"],
                    author=author_of(request),
                    external_ref=form.external_ref_for(request),
                )
            except ValidationError as error:
                _apply_service_error(form, error)
            else:
                messages.success(request, _("Thank you for your feedback."))
                return redirect(form.cleaned_data["page"])
    elif "form_token" in form.errors:
        form.renew_token()
    return render(
        request,
        "contributions/page_feedback_form.html",
        {"feedback_form": form, "process": process, "findings": findings},
        status=200 if findings else 400,
    )


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


def feedback(request: HttpRequest, slug: str, opportunity_slug: str) -> HttpResponse:
    """A general-feedback opportunity: comments on the opportunity itself."""
    opportunity = process_selectors.opportunity_in_process(slug, opportunity_slug)
    if opportunity.kind != Opportunity.Kind.FEEDBACK:
        raise Http404
    return render(
        request,
        "contributions/feedback.html",
        {"opportunity": opportunity, "process": opportunity.phase.process},
    )

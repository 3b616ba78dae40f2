"""Comments on anything commentable, and replies to its published comments."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coplan.core.ratelimit import rate_limited

from .. import services
from ..commentable import Commentable, accepts_comments, resolve_target
from ..forms import CommentForm
from ..models import Contribution, Kind
from ..visitor import author_of, remember_own
from .common import rejected_as_bot, renew_stale_token, safe_next, submit_with_followup

COMMENT_FORM = "contributions/comment_form.html"


def _thread_context(
    request: HttpRequest,
    entry: Commentable,
    target: models.Model,
    content_type_id: int,
    next_address: str | None,
) -> dict[str, Any]:
    """The page of the comment form: what is discussed, where to go back, and whether the
    visitor may write here now (else "closed" or "sign_in_required")."""
    fallback = target.get_absolute_url() if hasattr(target, "get_absolute_url") else "/"
    opportunity = entry.opportunity(target)
    context: dict[str, Any] = {
        "target": target,
        "opportunity": opportunity,
        "process": entry.process(target),
        "back": safe_next(request, next_address, fallback),
        "content_type_id": content_type_id,
    }
    if not accepts_comments(entry, target):
        context["closed"] = True
    elif not request.user.has_perm("processes.take_part", opportunity):
        context["sign_in_required"] = True
    return context


def _comment_to_answer(target: models.Model, parent_id: str | None) -> Contribution | None:
    """The published comment a reply answers; a hidden, rejected or foreign one: 404, never
    stored."""
    if not parent_id:
        return None
    try:
        return (
            Contribution.objects.published()
            .for_target(target)
            .get(pk=int(parent_id), kind=Kind.COMMENT)
        )
    except (Contribution.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


@require_POST
@rate_limited()
def comment_create(request: HttpRequest, content_type_id: int, object_id: int) -> HttpResponse:
    entry, target = resolve_target(content_type_id, object_id)
    context = _thread_context(request, entry, target, content_type_id, request.POST.get("next"))
    if context.get("closed") or context.get("sign_in_required"):
        return render(request, COMMENT_FORM, context, status=403)
    parent = _comment_to_answer(target, request.POST.get("parent") or None)
    form = CommentForm(request.POST, reply_to=parent.pk if parent else None)
    context.update(form=form, parent=parent)
    if form.is_bot:
        return rejected_as_bot(request)
    if not form.is_valid():
        renew_stale_token(form)
        return render(request, COMMENT_FORM, context, status=400)
    if form.findings and not request.POST.get("confirm_sensitive"):
        context["findings"] = form.findings
        return render(request, COMMENT_FORM, context)
    comment = _comment_submit(request, context, parent, form)
    if comment is None:
        return render(request, COMMENT_FORM, context, status=400)
    return _thanked(request, comment, context["back"])


def _thanked(request: HttpRequest, comment: Contribution, back: str) -> HttpResponse:
    """Say the comment waits for moderation, remember it as the visitor's, go back to the
    thread."""
    remember_own(request, comment.pk)
    messages.success(
        request,
        _(
            "Thank you. Your comment was received and is waiting for moderation: it "
            "will appear once a moderator has approved it."
        ),
    )
    return redirect(f"{back.split('#')[0]}#comments")


def _comment_submit(
    request: HttpRequest, thread: dict[str, Any], parent: Contribution | None, form: CommentForm
) -> Contribution | None:
    author = author_of(request)
    data = form.cleaned_data
    return submit_with_followup(
        form,
        lambda: services.comment_submit(
            process=thread["process"],
            opportunity=thread["opportunity"],
            target=thread["target"],
            parent=parent,
            text=data["text"],
            author=author,
            contact_name=data["name"],
            contact_email=data["email"],
            consent_to_publish=data["consent_to_publish"],
            external_ref=form.external_ref_for(request),
        ),
        author,
    )


def reply_form(
    request: HttpRequest, content_type_id: int, object_id: int, parent_id: int
) -> HttpResponse:
    """The form to answer one published comment (works without JavaScript)."""
    entry, target = resolve_target(content_type_id, object_id)
    parent = get_object_or_404(
        Contribution.objects.published().for_target(target), pk=parent_id, kind=Kind.COMMENT
    )
    context = _thread_context(request, entry, target, content_type_id, request.GET.get("next"))
    context["parent"] = parent
    if not (context.get("closed") or context.get("sign_in_required")):
        context["form"] = CommentForm(reply_to=parent.pk, initial={"next": context["back"]})
    return render(request, COMMENT_FORM, context)

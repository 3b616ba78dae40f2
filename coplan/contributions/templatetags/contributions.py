"""Template tags for taking part: the comment thread of any commentable object, and the
highlighting of sensitive information for authors and moderators."""

from __future__ import annotations

import hashlib

from django import template
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from coplan.core.pagecache import content_version
from coplan.core.pagination import paginate
from coplan.privacy import pii

from .. import selectors
from ..commentable import accepts_comments, commentable_for
from ..forms import PAGE_FEEDBACK_PREFIX, CommentForm, PageFeedbackForm

register = template.Library()

COMMENTS_PER_PAGE = 50
FRAGMENT_SECONDS = 600

FINDING_LABELS = {
    pii.SIN: _("a Social Insurance Number"),
    pii.PAYMENT_CARD: _("a payment card number"),
    pii.PHONE: _("a phone number"),
    pii.EMAIL: _("an email address"),
    pii.POSTAL_CODE: _("a postal code"),
}


@register.filter
def finding_label(kind: str) -> str:
    return FINDING_LABELS.get(kind, kind)


@register.filter
def pii_highlight(text: str) -> SafeString:
    """Escaped text with each piece of sensitive information wrapped in <mark>."""
    text = text or ""
    pieces: list[str] = []
    position = 0
    for finding in pii.detect(text):
        pieces.append(escape(text[position : finding.start]))
        pieces.append(
            f'<mark class="pii" data-kind="{finding.kind}">{escape(finding.text)}'
            f'<span class="visually-hidden"> ({escape(finding_label(finding.kind))})</span></mark>'
        )
        position = finding.end
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces).replace("\n", "<br>"))  # noqa: S308 - every piece escaped


@register.inclusion_tag("contributions/comment_thread.html", takes_context=True)
def comment_thread(context, target) -> dict:
    """The published comments of an object (one level of replies), their count, the notice at
    the point of collection and the comment form when comments are open."""
    request = context.get("request")
    entry = commentable_for(type(target))
    if entry is None:
        raise template.TemplateSyntaxError(
            f"{type(target).__name__} is not registered as commentable"
        )
    opportunity = entry.opportunity(target)
    is_open = accepts_comments(entry, target)
    user = getattr(request, "user", None)
    signed_in = bool(user is not None and user.is_authenticated)
    may_comment = is_open and (
        signed_in or (opportunity is not None and opportunity.allows_anonymous)
    )
    content_type_id = ContentType.objects.get_for_model(target).pk
    next_url = request.get_full_path() if request is not None else ""
    page_number = request.GET.get("comments_page", "1")[:12] if request is not None else "1"
    # The comments are the same for every visitor: rendered once per content version.
    key = (
        f"fragment:{content_version()}:{get_language()}:thread:{content_type_id}:{target.pk}:"
        f"{page_number}:{may_comment}:{hashlib.sha256(next_url.encode()).hexdigest()[:16]}"
    )
    comments_html = cache.get(key)
    if comments_html is None:
        page = paginate(selectors.comments_published(target), page_number, COMMENTS_PER_PAGE)
        comments_html = render_to_string(
            "contributions/includes/comment_list.html",
            {
                "page": page,
                "comments": list(page.object_list),
                "content_type_id": content_type_id,
                "target": target,
                "is_open": is_open,
                "may_comment": may_comment,
                "next": next_url,
            },
        )
        cache.set(key, comments_html, FRAGMENT_SECONDS)
    count = getattr(target, "comment_count", None)
    if not isinstance(count, int):
        count = selectors.comment_count(target)
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "target": target,
        "content_type_id": content_type_id,
        "process": entry.process(target),
        "comments_html": mark_safe(comments_html),  # noqa: S308 - rendered by our template
        "count": count,
        "is_open": is_open,
        "may_comment": may_comment,
        "sign_in_required": is_open and not may_comment,
        "form": CommentForm(initial={"next": next_url}) if may_comment else None,
        "next": next_url,
    }


@register.simple_tag(takes_context=True)
def page_feedback_form(context):
    """The "Share your thoughts" form for the page being shown."""
    request = context.get("request")
    path = request.get_full_path() if request is not None else ""
    if not path.startswith(("/en/", "/fr/")):
        path = f"/{get_language() or 'en'}/"
    return PageFeedbackForm(prefix=PAGE_FEEDBACK_PREFIX, initial={"page": path[:500]})

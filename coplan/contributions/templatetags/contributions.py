"""Template tags for taking part: the comment thread of any commentable object, and the
highlighting of sensitive information for authors and moderators."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from django import template
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.paginator import Page
from django.core.signals import setting_changed
from django.db import models
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from coplan.core import dates
from coplan.core.page_addresses import page_address_clean, page_holds_secret
from coplan.core.pagecache import content_version
from coplan.core.pagination import paginate
from coplan.privacy import pii
from coplan.processes.models import Process
from coplan.processes.templatetags.coplan_text import public_text

from .. import selectors
from ..commentable import accepts_comments_in, commentable_for
from ..forms import PAGE_FEEDBACK_PREFIX, CommentForm, PageFeedbackForm, new_form_token

register = template.Library()

COMMENTS_PER_PAGE = selectors.COMMENTS_PER_PAGE
FRAGMENT_SECONDS = 600
# Placeholders in cached form markup, filled in for each request.
_PAGE_MARK = "__coplan_page__"
_TOKEN_MARK = "__coplan_form_token__"  # noqa: S105 - a placeholder
_CSRF_MARK = "__coplan_csrf__"
_NEXT_MARK = "__coplan_next__"
_ACTION_MARK = "__coplan_action__"
_NOTICE_MARK = "__coplan_collection_notice__"
# The markup of the public forms every page shows ("Share your thoughts", the comment form)
# depends only on the language and the settings: each process renders it once per language
# (with every cache off it was a quarter of a plain page's time). The privacy notice in it
# shows the consultation's own texts, which staff edit: it is kept under those texts.
_markup: dict[tuple[str, str, str], str] = {}
NOTICES_KEPT = 256
_notices: dict[tuple[str, str, tuple | None], str] = {}


def _clear_markup(**kwargs) -> None:
    _markup.clear()
    _notices.clear()


setting_changed.connect(_clear_markup)

FINDING_LABELS = {
    pii.SIN: gettext_lazy("a Social Insurance Number"),
    pii.PAYMENT_CARD: gettext_lazy("a payment card number"),
    pii.PHONE: gettext_lazy("a phone number"),
    pii.EMAIL: gettext_lazy("an email address"),
    pii.POSTAL_CODE: gettext_lazy("a postal code"),
    pii.HEALTH_CARD: gettext_lazy("a health card number"),
    pii.PASSPORT: gettext_lazy("a passport number"),
    pii.BIRTH_DATE: gettext_lazy("a date of birth"),
    pii.ADDRESS: gettext_lazy("a street address"),
    pii.NAME: gettext_lazy("a person's name"),
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


# A number no primary key reaches: reversed once in its place, then replaced by each pk.
_PK_MARK = "2147483647"


def _pk_address(viewname: str, pk_name: str, **kwargs) -> Callable[[int], str]:
    """The address of `viewname` for any pk, reversing the route once (not once per comment)."""
    address = reverse(viewname, kwargs={**kwargs, pk_name: int(_PK_MARK)})
    before, after = address.split(_PK_MARK, 1)
    return lambda pk: f"{before}{pk}{after}"


def _add_addresses(comments: list, content_type_id: int, target_pk: int) -> None:
    """Each comment's and reply's links (what became of it, report it, reply to it)."""
    detail = _pk_address("contributions:detail", "pk")
    flag = _pk_address("contributions:flag", "pk")
    reply = _pk_address(
        "contributions:reply", "parent_id", content_type_id=content_type_id, object_id=target_pk
    )
    for comment in comments:
        comment.detail_url, comment.flag_url = detail(comment.pk), flag(comment.pk)
        comment.reply_url = reply(comment.pk)
        for answer in comment.published_replies:
            answer.flag_url = flag(answer.pk)


def _comment_page(target, page_number: str, content_type_id: int) -> tuple[Page, list]:
    """One page of the thread's top-level comments, each with its links."""
    page = paginate(selectors.comments_published(target), page_number, COMMENTS_PER_PAGE)
    comments = list(page.object_list)
    _add_addresses(comments, content_type_id, target.pk)
    return page, comments


def _lang(contribution) -> str:
    return f' lang="{contribution.language}"' if contribution.language in ("en", "fr") else ""


def _posted_on(contribution) -> str:
    return escape(dates.date_format(localtime(contribution.received_at), "DATETIME_FORMAT"))


def _comment_items(comments: list, thread: dict[str, Any]) -> SafeString:
    """The <li> of each comment and its replies. Written here rather than in a template: a
    page holds up to COMMENTS_PER_PAGE comments, and the template's tags per comment cost
    more than the rest of the page. The texts are the template's (same msgids)."""
    reply_label, outcome_label, report_label = (
        escape(_("Reply")),
        escape(_("What became of it")),
        escape(_("Report")),
    )
    may_reply = thread["is_open"] and thread["may_comment"]
    next_query = f"?next={escape(quote(thread['next']))}"
    html = []
    for comment in comments:
        date = {"date": _posted_on(comment)}
        html.append(
            f'<li class="comment" id="comment-{comment.pk}"{_lang(comment)}>\n'
            f'<p class="comment__meta">{_("Comment posted on %(date)s") % date}</p>\n'
            f'{public_text(comment.public_text)}\n<p class="comment__actions">'
        )
        if may_reply:
            html.append(
                f'<a href="{escape(comment.reply_url)}{next_query}">{reply_label}<span class='
                f'"visually-hidden"> {_("to the comment posted on %(date)s") % date}</span></a>\n'
            )
        hidden = f'<span class="visually-hidden"> {_("the comment posted on %(date)s") % date}'
        html.append(
            f'<a href="{escape(comment.detail_url)}">{outcome_label}{hidden}</span></a>\n'
            f'<a href="{escape(comment.flag_url)}">{report_label}{hidden}</span></a></p>\n'
        )
        if comment.published_replies:
            html.append('<ol class="reply-list">\n')
            for reply in comment.published_replies:
                date = {"date": _posted_on(reply)}
                html.append(
                    f'<li class="comment" id="comment-{reply.pk}"{_lang(reply)}>\n'
                    f'<p class="comment__meta">{_("Reply posted on %(date)s") % date}</p>\n'
                    f'{public_text(reply.public_text)}\n<p class="comment__actions"><a href="'
                    f'{escape(reply.flag_url)}">{report_label}<span class="visually-hidden"> '
                    f"{_('the reply posted on %(date)s') % date}</span></a></p>\n</li>\n"
                )
            html.append("</ol>\n")
        html.append("</li>\n")
    return mark_safe("".join(html))  # noqa: S308 - every value from the data is escaped


@register.inclusion_tag("contributions/comment_thread.html", takes_context=True)
def comment_thread(context: template.Context, target: models.Model) -> dict[str, Any]:
    """The published comments of an object (one level of replies), their count, the notice at
    the point of collection and the comment form when comments are open."""
    request = context.get("request")
    entry = commentable_for(type(target))
    if entry is None:
        raise template.TemplateSyntaxError(
            f"{type(target).__name__} is not registered as commentable"
        )
    opportunity = entry.opportunity(target)
    is_open = accepts_comments_in(entry, target, opportunity)
    user = getattr(request, "user", None)
    may_comment = is_open and bool(
        user is not None and user.has_perm("processes.take_part", opportunity)
    )
    thread = {
        "target": target,
        "content_type_id": ContentType.objects.get_for_model(target).pk,
        "is_open": is_open,
        "may_comment": may_comment,
        "next": request.get_full_path() if request is not None else "",
    }
    comments_html = _comments_html(request, thread)
    process = entry.process(target)
    return {
        **thread,
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "process": process,
        "comments_html": mark_safe(comments_html),  # noqa: S308 - rendered by our template
        "count": _comment_count(target),
        "sign_in_required": is_open and not may_comment,
        "form_html": _comment_form_html(request, thread, process) if may_comment else None,
    }


def _comments_html(request: HttpRequest | None, thread: dict[str, Any]) -> str:
    """The comments are the same for every visitor: rendered once per content version."""
    page_number = request.GET.get("comments_page", "1")[:12] if request is not None else "1"
    target = thread["target"]
    key = (
        f"fragment:{content_version()}:{get_language()}:thread:{thread['content_type_id']}:"
        f"{target.pk}:{page_number}:{thread['may_comment']}:"
        f"{hashlib.sha256(thread['next'].encode()).hexdigest()[:16]}"
    )
    comments_html: str | None = cache.get(key)
    if comments_html is None:
        page, comments = _comment_page(target, page_number, thread["content_type_id"])
        comments_html = render_to_string(
            "contributions/includes/comment_list.html",
            {
                **thread,
                "page": page,
                "comments": comments,
                "comment_items": _comment_items(comments, thread),
            },
        )
        cache.set(key, comments_html, FRAGMENT_SECONDS)
    return comments_html


def _comment_form_html(
    request: HttpRequest | None, thread: dict[str, Any], process: Process
) -> SafeString:
    """The comment form, rendered once per process and content version; this page's address,
    a fresh one-time token, the CSRF token and the thread's address are filled in."""
    form_key = f"fragment:{content_version()}:{get_language()}:comment_form:{process.pk}"
    form_html: str | None = cache.get(form_key)
    if form_html is None:
        form_html = _static_markup(
            "comment_form",
            lambda: render_to_string(
                "contributions/includes/comment_form_block.html",
                {
                    "form": CommentForm(initial={"next": _NEXT_MARK, "form_token": _TOKEN_MARK}),
                    "notice": _NOTICE_MARK,
                    "csrf_token": _CSRF_MARK,
                    "action": _ACTION_MARK,
                },
            ),
        ).replace(_NOTICE_MARK, _collection_notice(process))
        cache.set(form_key, form_html, FRAGMENT_SECONDS)
    action = reverse(
        "contributions:comment_create",
        kwargs={"content_type_id": thread["content_type_id"], "object_id": thread["target"].pk},
    )
    return mark_safe(  # noqa: S308 - our template; the filled-in values are escaped
        form_html.replace(_NEXT_MARK, escape(thread["next"]))
        .replace(_TOKEN_MARK, new_form_token())
        .replace(_CSRF_MARK, escape(get_token(request) if request is not None else ""))
        .replace(_ACTION_MARK, escape(action))
    )


def _static_markup(name: str, render: Callable[[], str]) -> str:
    key = (name, get_language() or "", get_script_prefix())
    markup = _markup.get(key)
    if markup is None:
        markup = _markup[key] = render()
    return markup


def _collection_notice(process: Process | None) -> str:
    """The privacy notice of the forms. It differs by consultation only through the texts
    below, which staff edit: they are part of the memo's key, so an edit shows at once."""
    texts = None
    if process is not None:
        texts = (
            process.pk,
            process.slug,
            process.privacy_purpose,
            process.privacy_authority,
            process.privacy_contact,
            process.retention_months,
        )
    key = (get_language() or "", get_script_prefix(), texts)
    notice = _notices.get(key)
    if notice is None:
        if len(_notices) >= NOTICES_KEPT:
            _notices.clear()
        context = {"process": process}
        notice = _notices[key] = render_to_string("includes/collection_notice.html", context)
    return notice


def _comment_count(target: models.Model) -> int:
    """The count kept on the object when it keeps one (ideas), else counted."""
    count = getattr(target, "comment_count", None)
    return count if isinstance(count, int) else selectors.comment_count(target)


@register.simple_tag(takes_context=True)
def page_feedback(context) -> SafeString:
    """The "Share your thoughts" block of the page being shown. It is on every page, so its
    markup is rendered once per language, consultation and content version; the page's
    address, the form's one-time token and the CSRF token are filled in per request."""
    request = context.get("request")
    if page_holds_secret(request):
        # A confirmation or access link: its address is a key, never sent with feedback.
        return mark_safe("")
    path = page_address_clean(request.get_full_path() if request is not None else "")
    process = context.get("process")
    process_key = process.pk if isinstance(process, Process) else ""
    key = f"fragment:{content_version()}:{get_language()}:page_feedback:{process_key}"
    html = cache.get(key)
    if html is None:
        html = _static_markup(
            "page_feedback",
            lambda: render_to_string(
                "contributions/includes/page_feedback_block.html",
                {
                    "feedback_form": PageFeedbackForm(
                        prefix=PAGE_FEEDBACK_PREFIX,
                        initial={"page": _PAGE_MARK, "form_token": _TOKEN_MARK},
                    ),
                    "notice": _NOTICE_MARK,
                    "csrf_token": _CSRF_MARK,
                },
            ),
        ).replace(_NOTICE_MARK, _collection_notice(process if process_key else None))
        cache.set(key, html, FRAGMENT_SECONDS)
    csrf = get_token(request) if request is not None else ""
    html = (
        html.replace(_PAGE_MARK, escape(path[:500]))
        .replace(_TOKEN_MARK, new_form_token())
        .replace(_CSRF_MARK, escape(csrf))
    )
    return mark_safe(html)  # noqa: S308 - our template; the filled-in values are escaped

"""The messages: in the subscriber's language, plain text and HTML, with one-click unsubscribe.

Every message to a subscriber carries RFC 8058 headers (List-Unsubscribe with an HTTPS link and
List-Unsubscribe-Post: List-Unsubscribe=One-Click) and a link to manage preferences.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse, translate_url
from django.utils import translation

from .models import Announcement, Subscriber


def absolute(path: str) -> str:
    return settings.COPLAN_SITE_URL.rstrip("/") + path


def _links(subscriber: Subscriber) -> dict[str, str]:
    return {
        "unsubscribe_url": absolute(
            reverse("notifications:unsubscribe", kwargs={"token": subscriber.token})
        ),
        "manage_url": absolute(reverse("notifications:manage", kwargs={"token": subscriber.token})),
    }


def _list_headers(links: dict[str, str]) -> dict[str, str]:
    return {
        "List-Unsubscribe": f"<{links['unsubscribe_url']}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": f"{settings.COPLAN_SITE_NAME} <news.{_domain()}>",
        "Auto-Submitted": "auto-generated",
    }


def _domain() -> str:
    from urllib.parse import urlsplit

    return urlsplit(settings.COPLAN_SITE_URL).hostname or "localhost"


def _message(
    template: str, subscriber: Subscriber, context: dict, *, headers: dict, connection=None
) -> EmailMultiAlternatives:
    context = {**context, "site_name": settings.COPLAN_SITE_NAME}
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{template}.txt", context),
        to=[subscriber.email],
        headers=headers,
        connection=connection,
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    return message


def path_in_language(path: str, language: str) -> str:
    """The same page in `language`: /en/processes/x/ → /fr/processes/x/.

    `translate_url` resolves the path in the active language only, so a path stored in English
    is resolved with English active, then reversed in the reader's language.
    """
    for code, _name in settings.LANGUAGES:
        if path.startswith(f"/{code}/"):
            with translation.override(code):
                return translate_url(path, language)
    return path


def _announcement_context(announcement: Announcement, language: str) -> dict:
    url = announcement.url
    if url:
        url = absolute(path_in_language(url, language))
    return {
        "title": getattr(announcement, f"title_{language}") or announcement.title_en,
        "body": getattr(announcement, f"body_{language}") or announcement.body_en,
        "kind": announcement.get_kind_display(),
        "url": url,
    }


def announcement_message(
    subscriber: Subscriber, announcement: Announcement, *, connection=None
) -> EmailMultiAlternatives:
    with translation.override(subscriber.language):
        links = _links(subscriber)
        context = {**_announcement_context(announcement, subscriber.language), **links}
        return _message(
            "notifications/email/announcement",
            subscriber,
            context,
            headers=_list_headers(links),
            connection=connection,
        )


def digest_message(
    subscriber: Subscriber, announcements: list[Announcement], *, connection=None
) -> EmailMultiAlternatives:
    with translation.override(subscriber.language):
        links = _links(subscriber)
        items = [_announcement_context(a, subscriber.language) for a in announcements]
        return _message(
            "notifications/email/digest",
            subscriber,
            {"items": items, **links},
            headers=_list_headers(links),
            connection=connection,
        )


def confirmation_message(subscriber: Subscriber, confirm_path: str) -> EmailMultiAlternatives:
    """The only message an unconfirmed address ever gets (no list headers: it is no list)."""
    with translation.override(subscriber.language):
        subscriptions = list(subscriber.subscriptions.select_related("process"))
        context = {
            "confirm_url": absolute(confirm_path),
            "subscriptions": subscriptions,
        }
        return _message(
            "notifications/email/confirmation",
            subscriber,
            context,
            headers={"Auto-Submitted": "auto-generated"},
        )

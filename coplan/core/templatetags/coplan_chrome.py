"""The header, menus and footer every page shows (base.html), rendered once per process.

These parts depend only on the language, whether someone is signed in and the settings: no
one edits them on the site. Rendering them for every page (a dozen reversed routes and some
thirty translations) was a third of a plain page's time with every cache off, so each process
keeps their markup; the address of the page in the other language is filled in per request.
"""

from __future__ import annotations

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from coplan.core import identity

register = template.Library()

PARTS = frozenset({"head", "header", "nav_user", "breadcrumbs", "footer", "footer_end"})
_OTHER_URL_MARK = "__coplan_other_language_url__"
_markup: dict[tuple[str, str, bool, str], str] = {}


def _clear(**kwargs) -> None:
    _markup.clear()


# Tests change the settings these parts show (site name, GC identity, static files).
setting_changed.connect(_clear)


def _render(part: str, language: str, authenticated: bool) -> str:
    other = "fr" if language.startswith("en") else "en"
    context = {
        "LANGUAGE_CODE": language,
        "other_language_code": other,
        "other_language_url": _OTHER_URL_MARK,
        "coplan_site_name": settings.COPLAN_SITE_NAME,
        "gc_identity": settings.COPLAN_GC_IDENTITY,
        "social_accounts": settings.COPLAN_SOCIAL_ACCOUNTS,
        "authenticated": authenticated,
    }
    if settings.COPLAN_GC_IDENTITY:
        context["canada_ca_url"] = identity.canada_ca_url(language)
        context["gc_corporate_links"] = identity.corporate_links(language)
    return render_to_string(f"core/chrome/{part}.html", context)


@register.simple_tag(takes_context=True)
def chrome(context: template.Context, part: str) -> SafeString:
    """`{% chrome "header" %}`: one part of the page's frame, in the page's language."""
    if part not in PARTS:
        raise template.TemplateSyntaxError(f"No chrome part {part!r}")
    language = get_language() or settings.LANGUAGE_CODE
    user = context.get("user")
    authenticated = part == "nav_user" and bool(user is not None and user.is_authenticated)
    key = (part, language, authenticated, get_script_prefix())
    markup = _markup.get(key)
    if markup is None:
        markup = _markup[key] = _render(part, language, authenticated)
    if part == "header":
        markup = markup.replace(_OTHER_URL_MARK, escape(context.get("other_language_url", "")))
    return mark_safe(markup)  # noqa: S308 - our templates; the filled-in address is escaped

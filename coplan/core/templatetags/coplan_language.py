"""The language of a page's pieces (a template builtin).

- ``typography``: French typography on the French that staff type into bilingual fields, when
  the page is French (coplan.core.typography). Never for the public's own words.
- ``lang_attr``: the ``lang`` attribute of a piece written in its own language (a contribution,
  a quote): ``<blockquote{{ contribution.language|lang_attr }}>``. Public words always carry
  it, so that screen readers speak them in their language whatever the page's (WCAG 3.1.2) and
  the page's own typography checks leave them as written.
"""

from __future__ import annotations

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from coplan.core.typography import french_typography

register = template.Library()


def page_typography(text: str) -> str:
    """`text` as the page's language writes it: French typography on French pages."""
    if text and (get_language() or "").startswith("fr"):
        return french_typography(str(text))
    return text


@register.filter(is_safe=True)
def typography(value):
    """Staff-written text with the non-breaking spaces French needs (before « : », inside « »)
    on French pages; unchanged in English."""
    if value in (None, ""):
        return value
    return page_typography(value)


@register.filter
def lang_attr(language: str | None) -> SafeString:
    """` lang="fr"` for a language the site knows, ` lang=""` (unknown, as HTML says) for any
    other: a text in an unnamed language must not be read as the page's."""
    known = {code for code, _name in settings.LANGUAGES}
    return format_html(' lang="{}"', language if language in known else "")

"""The Government of Canada marks as images, for documents that cannot style inline SVG (PDFs)."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from coplan.core import identity

register = template.Library()


@register.simple_tag
def gc_mark(kind: str, language: str) -> str:
    """`{% gc_mark "signature" language %}`: the signature or the wordmark, with its alt text."""
    return format_html(
        '<img class="gc-mark gc-mark--{}" src="{}" alt="{}">',
        kind,
        identity.mark_data_uri(kind, language),
        identity.mark_alt(kind, language),
    )

"""`{% personal "name" argument %}`: a hole in a cached page for what is this visitor's alone."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from coplan.core import pagecache

register = template.Library()


@register.simple_tag(takes_context=True)
def personal(context, name: str, argument: object = "") -> SafeString:
    # The renderer escapes what it returns (pagecache.personal applies conditional_escape).
    return mark_safe(pagecache.personal(context.get("request"), name, str(argument)))  # noqa: S308

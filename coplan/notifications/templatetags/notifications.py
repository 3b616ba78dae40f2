"""`{% follow_link obj %}`: a link to follow an object by email, on the pages of lower apps.

The template of a commitment loads this library; nothing in the commitments app's Python code
imports notifications. An object of a model nobody registered as followable renders nothing.
"""

from __future__ import annotations

from django import template
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from ..followables import followable_for

register = template.Library()


@register.inclusion_tag("notifications/follow_link.html")
def follow_link(obj) -> dict:
    if obj is None or followable_for(type(obj)) is None:
        return {"url": ""}
    content_type = ContentType.objects.get_for_model(type(obj))  # cached after the first call
    return {
        "url": reverse(
            "notifications:follow",
            kwargs={"content_type_id": content_type.pk, "object_id": obj.pk},
        )
    }

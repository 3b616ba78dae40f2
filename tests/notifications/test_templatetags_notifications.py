"""`{% follow_link obj %}` (notifications.templatetags.notifications): a link to follow an object
by email, in the page's language, for followable objects only."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from coplan.notifications.templatetags.notifications import follow_link
from tests.commitments.factories import make_commitment

pytestmark = pytest.mark.django_db


def _render(obj) -> str:
    return Template("{% load notifications %}{% follow_link obj %}").render(Context({"obj": obj}))


def test_a_followable_object_gets_a_link_to_its_follow_page(process):
    commitment = make_commitment(process)
    content_type = ContentType.objects.get_for_model(commitment)
    url = reverse(
        "notifications:follow",
        kwargs={"content_type_id": content_type.pk, "object_id": commitment.pk},
    )
    assert follow_link(commitment) == {"url": url}
    with translation.override("en"):
        assert "Get its progress updates by email" in _render(commitment)
    with translation.override("fr"):
        html = _render(commitment)
        french_url = follow_link(commitment)["url"]
    assert french_url.startswith("/fr/") and f'href="{french_url}"' in html
    assert "Recevoir ses mises à jour sur l’avancement par courriel" in html


def test_other_objects_render_nothing(process):
    assert follow_link(None) == {"url": ""}
    assert follow_link(process) == {"url": ""}
    assert _render(process).strip() == ""

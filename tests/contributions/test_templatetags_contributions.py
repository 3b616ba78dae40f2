"""Template tags for taking part: sensitive information highlighted (escaped, named in the
reader's language), the comment thread only for registered objects, and the page-feedback block
with this page's address and a fresh one-time token for each request."""

from __future__ import annotations

import re

import pytest
from django import template
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.utils import translation

from coplan.accounts.models import Organisation
from coplan.contributions.templatetags.contributions import (
    comment_thread,
    finding_label,
    page_feedback,
    pii_highlight,
)

pytestmark = pytest.mark.django_db


def test_sensitive_information_is_marked_and_everything_else_escaped():
    html = pii_highlight("<b>Hi</b>\nMy SIN is 046 454 286.")
    assert html.startswith("&lt;b&gt;Hi&lt;/b&gt;<br>My SIN is ")
    assert '<mark class="pii" data-kind="sin">046 454 286' in html
    assert "(a Social Insurance Number)" in html
    assert pii_highlight(None) == ""


def test_a_finding_is_named_in_the_reader_s_language():
    assert finding_label("sin") == "a Social Insurance Number"
    with translation.override("fr"):
        assert "assurance sociale" in str(finding_label("sin"))
    assert finding_label("unknown") == "unknown"


def test_a_comment_thread_needs_a_registered_object():
    organisation = Organisation(slug="o", name="O", kind="other")
    with pytest.raises(template.TemplateSyntaxError, match="Organisation is not registered"):
        comment_thread(template.Context({}), organisation)


def _feedback(path: str) -> str:
    request = RequestFactory().get(path)
    request.user = AnonymousUser()
    return str(page_feedback(template.Context({"request": request})))


def test_page_feedback_names_this_page_with_a_fresh_token_each_time():
    first, second = _feedback("/en/?utm=mail"), _feedback("/en/")
    tokens = [
        re.search(r'name="feedback-form_token" value="([^"]+)"', html).group(1)
        for html in (first, second)
    ]
    assert tokens[0] != tokens[1]
    assert 'name="feedback-page" value="/en/"' in first
    assert "utm=mail" not in first

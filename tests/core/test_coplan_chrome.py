"""The page frame (header, menus, footer) is rendered once per language and process
(core/templatetags/coplan_chrome.py): what it shows must still follow the page, the visitor,
the language and the settings."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import override_settings

from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_language_toggle_points_to_each_page_in_the_other_language(client) -> None:
    home = client.get("/en/").content.decode()
    rules = client.get("/en/pages/rules/?x=1")
    assert 'class="lang-toggle" href="/fr/"' in home
    # Not the address of the page rendered before it: the memo holds no page address.
    assert 'class="lang-toggle" href="/fr/pages/rules/?x=1"' in rules.content.decode()


def test_french_pages_get_the_french_frame(client) -> None:
    html = client.get("/fr/").content.decode()
    assert "Passer au contenu principal" in html
    assert 'class="lang-toggle" href="/en/"' in html and "View this page in English" in html


def test_signed_in_visitors_get_their_account_link(client) -> None:
    assert "Sign in" in client.get("/en/").content.decode()
    client.force_login(UserFactory())
    html = client.get("/en/").content.decode()
    assert "My account" in html and ">Sign in<" not in html


def test_the_frame_follows_the_settings(client) -> None:
    client.get("/en/")
    cache.clear()  # the home page itself is cached: only the frame's memo is under test
    with override_settings(COPLAN_SITE_NAME="Ouvert Canada Test", COPLAN_GC_IDENTITY=False):
        html = client.get("/en/").content.decode()
    cache.clear()
    assert "Ouvert Canada Test" in html and "site-signature" in html
    assert "Ouvert Canada Test" not in client.get("/en/").content.decode()

"""What the forum's use cases share: both languages or not, text as typed by browsers, only
the fields a use case may change, a message in a given language."""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy

from coplan.forum.services._common import apply, bilingual, both, text, translated


def test_both_languages_means_neither_blank():
    assert both({"title_en": "T", "title_fr": " T "}, "title")
    assert not both({"title_en": "T", "title_fr": "  "}, "title")
    assert not both({"title_en": "T"}, "title")
    assert not both({"title_en": None, "title_fr": "T"}, "title")


def test_text_keeps_plain_line_ends_and_trims():
    assert text("  a\r\n\r\nb\rc  ") == "a\n\nb\nc"


def test_apply_sets_the_allowed_fields_and_refuses_the_others():
    class Thing:
        name = ""
        count = 0

    thing = Thing()
    apply(thing, {"name": " A\r\nB ", "count": 3}, ("name", "count"))
    assert (thing.name, thing.count) == ("A\nB", 3)
    with pytest.raises(TypeError, match="secret cannot be changed here"):
        apply(thing, {"secret": "x"}, ("name",))


def test_bilingual_names_each_field_in_each_language():
    assert bilingual("title", "body") == ("title_en", "title_fr", "body_en", "body_fr")


def test_translated_says_a_message_in_the_language_asked():
    message = gettext_lazy("The term must not end before it starts.")
    with translation.override("en"):
        assert translated("fr", message) == "Le mandat ne peut pas se terminer avant de commencer."
        assert translation.get_language() == "en"
    assert translated("en", "plain") == "plain"

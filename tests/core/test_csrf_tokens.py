"""CSRF tokens drawn for cached pages are Django's own: the same characters, evenly drawn,
masked as Django masks them, the visitor's cookie kept or a new one set."""

from __future__ import annotations

from django.middleware.csrf import CSRF_ALLOWED_CHARS, _unmask_cipher_token
from django.test import RequestFactory

from coplan.core import csrf_tokens


def test_csrf_strings_are_drawn_from_the_allowed_characters_evenly_enough():
    drawn = csrf_tokens._random_chars(62 * 200)
    assert len(drawn) == 62 * 200 and set(drawn) == set(CSRF_ALLOWED_CHARS)
    assert max(drawn.count(char) for char in CSRF_ALLOWED_CHARS) < 2 * 200


def test_a_token_unmasks_to_the_visitors_secret_or_a_new_one():
    returning = RequestFactory().get("/")
    returning.META["CSRF_COOKIE"] = "a" * 32
    tokens = {csrf_tokens.csrf_token(returning) for _ in range(3)}
    assert len(tokens) == 3  # a new mask each time
    assert {_unmask_cipher_token(token) for token in tokens} == {"a" * 32}
    assert returning.META["CSRF_COOKIE_NEEDS_UPDATE"] is True
    stranger = RequestFactory().get("/")
    token = csrf_tokens.csrf_token(stranger)
    assert len(token) == 64 and _unmask_cipher_token(token) == stranger.META["CSRF_COOKIE"]

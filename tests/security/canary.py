"""Planted personal values and the helpers that plant them through the public forms and look for
them in what the site publishes."""

from __future__ import annotations

import re
from html import unescape

# Distinctive values that privacy.pii recognises: none may appear in any public output once a
# contribution holding them has been approved.
CANARY_EMAIL = "canary.leak@example.net"
CANARY_PHONE = "613-555-0147"
CANARY_SIN = "271 828 188"  # passes the Luhn check, as every real SIN does
CANARIES = (CANARY_EMAIL, CANARY_PHONE, CANARY_SIN)
# The same values as people type them, to catch a page that re-formats them.
_NEEDLES = (CANARY_EMAIL, CANARY_PHONE, CANARY_SIN, "6135550147", "271828188", "271-828-188")


def canary_text(what: str) -> str:
    """A believable sentence carrying every canary; `what` tells the paths apart."""
    return f"{what}: write to me at {CANARY_EMAIL} or call {CANARY_PHONE}; my SIN is {CANARY_SIN}."


def leaks(content: bytes | str) -> list[str]:
    """The canaries found in a response body or file (HTML entities decoded)."""
    text = content.decode("utf-8", "replace") if isinstance(content, bytes) else content
    text = unescape(text)
    return [needle for needle in _NEEDLES if needle in text]


_INPUT = re.compile(r"<input[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r'(name|value|type)="([^"]*)"')


def hidden_fields(html: str, *, within: str = "") -> dict[str, str]:
    """The hidden inputs of a page (the form token, a parent id...), after `within` if given."""
    if within:
        html = html[html.index(within) :]
    fields: dict[str, str] = {}
    for tag in _INPUT.findall(html):
        attrs = dict(_ATTR.findall(tag))
        if attrs.get("type") == "hidden" and "name" in attrs:
            fields.setdefault(attrs["name"], unescape(attrs.get("value", "")))
    return fields

"""French typography as the Translation Bureau writes it (Canadian usage, as on Canada.ca).

One set of rules for the catalogs (scripts/po_typography.py, scripts/po_fill.py) and for the
French that staff type into bilingual fields (the ``typography`` template filter and
``processes``' ``paragraphs`` filter apply it when the page is French): a non-breaking space
before « : », « % » and « $ », between the groups of a number's thousands and inside
« guillemets », none before « ; », « ! » and « ? ».
Staff write French with ordinary spaces; a line must not break between a word and its colon.
The public's own words are never retouched: they are shown as written, marked with their
``lang``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

NBSP = "\xa0"
_RULES: list[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]] = [
    # « : » after a word, a closing bracket or quote, with a plain space or none.
    (re.compile(r"(?<=[\w)\]»%’”.])[ \u202f]?:(?=[\s\"“”«»]|$)"), NBSP + ":"),
    # No space before « ; », « ! », « ? » (Canada.ca usage).
    (re.compile(r"[ \xa0\u202f]+([;!?])(?=\s|$|[\"”»)<])"), r"\1"),
    # Inside guillemets.
    (re.compile(r"«[ \u202f]?(?=\S)"), "«" + NBSP),
    (re.compile(r"(?<=\S)[ \u202f]?»"), NBSP + "»"),
    # A percent sign after a number or a placeholder: "%%" in python-format strings.
    (re.compile(r"(?:(?<=[\d)])|(?<=\)s)|(?<=\)d))[ \u202f]?(%%)"), NBSP + r"\1"),
    (re.compile(r"(?<=\d)[ \u202f]?%(?![(%a-z])"), NBSP + "%"),
    (re.compile(r"(?<=[\d)])[ \u202f]?\$(?!\{)"), NBSP + "$"),
    # Thousands: « 1 000 personnes » must not break between its groups.
    (
        re.compile(r"(?<![\d.,])\d{1,3}(?: \d{3})+(?!\d)"),
        lambda match: match.group().replace(" ", NBSP),
    ),
]


def french_typography(text: str) -> str:
    """`text` with French typography applied (idempotent)."""
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return text

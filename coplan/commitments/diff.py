"""Word-level comparison of two texts, readable without colour.

Insertions are <ins> and deletions <del> (underlined and struck through by the browser), and
each change carries a text label for screen readers and for people who cannot see the styling.
Each distinct word is mapped to one character and the two strings are compared with Google's
diff-match-patch (Myers' algorithm with prefix, suffix and half-match shortcuts), which keeps two
5,000-word texts well under a second; see bench/issue4_commitments.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from diff_match_patch import diff_match_patch
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

# Words with the whitespace that follows them, so that joining tokens gives the text back.
_TOKEN = re.compile(r"\S+\s*|\s+")
# The most time one comparison may take: past it, the remaining stretch is shown as replaced
# (still a correct diff, only less fine-grained), so no page can be held up by a hostile pair.
DIFF_TIME_BUDGET_SECONDS = 0.5


@dataclass(frozen=True)
class Chunk:
    op: str  # "equal", "insert" or "delete"
    text: str


_OPS = {0: "equal", 1: "insert", -1: "delete"}


def _codepoint(index: int) -> str:
    # One character per distinct word, skipping the surrogate range (not valid on its own).
    codepoint = 0x100 + index
    if codepoint >= 0xD800:
        codepoint += 0x800
    return chr(codepoint)


def _encode(old: str, new: str) -> tuple[str, str, list[str]]:
    """Each distinct word becomes one character, so the character diff is a word diff."""
    table: dict[str, str] = {}
    words: list[str] = []
    encoded = []
    for text in (old, new):
        chars = []
        for token in _TOKEN.findall(text):
            char = table.get(token)
            if char is None:
                char = table[token] = _codepoint(len(words))
                words.append(token)
            chars.append(char)
        encoded.append("".join(chars))
    return encoded[0], encoded[1], words


def word_diff(old: str, new: str) -> list[Chunk]:
    """The changes from old to new, as equal/insert/delete chunks of whole words."""
    old, new = old or "", new or ""
    if old == new:
        return [Chunk("equal", old)] if old else []
    a, b, words = _encode(old, new)
    engine = diff_match_patch()
    engine.Diff_Timeout = DIFF_TIME_BUDGET_SECONDS
    diffs = engine.diff_main(a, b, False)
    # Merge tiny equalities between changes: "the" kept between two rewrites reads worse.
    engine.diff_cleanupSemantic(diffs)
    first = 0x100
    chunks = []
    for op, chars in diffs:
        text = "".join(words[_index(char, first)] for char in chars)
        chunks.append(Chunk(_OPS[op], text))
    return _merge(chunks)


def _index(char: str, first: int) -> int:
    codepoint = ord(char)
    if codepoint >= 0xD800 + 0x800:
        codepoint -= 0x800
    return codepoint - first


def _merge(chunks: list[Chunk]) -> list[Chunk]:
    merged: list[Chunk] = []
    for chunk in chunks:
        if not chunk.text:
            continue
        if merged and merged[-1].op == chunk.op:
            merged[-1] = Chunk(chunk.op, merged[-1].text + chunk.text)
        else:
            merged.append(chunk)
    return merged


def has_changes(chunks: list[Chunk]) -> bool:
    return any(chunk.op != "equal" for chunk in chunks)


def render_diff(chunks: list[Chunk], language: str | None = None) -> SafeString:
    """HTML for a diff: escaped text, <ins>/<del> with labels, paragraphs kept as line breaks.

    With `language`, the compared text is marked with it (the English of a field on a French
    page) while the labels stay in the page's language.
    """
    added, removed = escape(_("added:")), escape(_("removed:"))
    end_added, end_removed = escape(_("end of addition")), escape(_("end of removal"))
    html = []
    for chunk in chunks:
        text = escape(chunk.text).replace("\n", "<br>")
        if language:
            text = f'<span lang="{escape(language)}">{text}</span>'
        if chunk.op == "insert":
            html.append(
                f'<ins><span class="diff-label">[{added}]</span> {text}'
                f'<span class="visually-hidden"> [{end_added}]</span></ins>'
            )
        elif chunk.op == "delete":
            html.append(
                f'<del><span class="diff-label">[{removed}]</span> {text}'
                f'<span class="visually-hidden"> [{end_removed}]</span></del>'
            )
        else:
            html.append(text)
    return mark_safe("".join(html))  # noqa: S308 - every piece of text was escaped above

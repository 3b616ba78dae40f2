"""Word-level comparison of two texts, readable without colour.

Insertions are <ins> and deletions <del> (underlined and struck through by the browser), and
each change carries a text label for screen readers and for people who cannot see the styling.
Each distinct word is mapped to one character and the two strings are compared with Google's
diff-match-patch (Myers' algorithm with prefix, suffix and half-match shortcuts), which keeps two
5,000-word texts well under a second; see bench/commitments_diff.py.

This is the project's one diff engine: the plan's comparison of versions (plans.diff) aligns
paragraphs with sequence_diff and measures rewording with similarity, both from here.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence
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


def _encode(*sequences: Sequence[Hashable]) -> tuple[list[str], list[Hashable]]:
    """Each distinct item (a word, a paragraph) becomes one character, so that a character
    diff of the encoded strings is a diff of the items."""
    table: dict[Hashable, str] = {}
    items: list[Hashable] = []
    encoded = []
    for sequence in sequences:
        chars = []
        for item in sequence:
            char = table.get(item)
            if char is None:
                char = table[item] = _codepoint(len(items))
                items.append(item)
            chars.append(char)
        encoded.append("".join(chars))
    return encoded, items


def _diffs(a: str, b: str) -> list[tuple[int, str]]:
    engine = diff_match_patch()
    engine.Diff_Timeout = DIFF_TIME_BUDGET_SECONDS
    return engine.diff_main(a, b, False)


def word_diff(old: str, new: str) -> list[Chunk]:
    """The changes from old to new, as equal/insert/delete chunks of whole words."""
    old, new = old or "", new or ""
    if old == new:
        return [Chunk("equal", old)] if old else []
    (a, b), words = _encode(_TOKEN.findall(old), _TOKEN.findall(new))
    diffs = _diffs(a, b)
    # Merge tiny equalities between changes: "the" kept between two rewrites reads worse.
    diff_match_patch().diff_cleanupSemantic(diffs)
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


def sequence_diff(
    old: Sequence[Hashable], new: Sequence[Hashable]
) -> list[tuple[str, int, int, int, int]]:
    """How to turn one sequence of items into another, as (tag, i1, i2, j1, j2) opcodes in
    the manner of difflib's get_opcodes: "equal" runs, and between them the old items
    "replace"d, "delete"d or "insert"ed."""
    (a, b), _items = _encode(old, new)
    opcodes: list[tuple[str, int, int, int, int]] = []
    i = j = 0
    removed = added = 0

    def changed() -> None:
        if removed or added:
            tag = "replace" if removed and added else "delete" if removed else "insert"
            opcodes.append((tag, i - removed, i, j - added, j))

    for op, chars in _diffs(a, b):
        if op == 0:
            changed()
            removed = added = 0
            opcodes.append(("equal", i, i + len(chars), j, j + len(chars)))
            i, j = i + len(chars), j + len(chars)
        elif op < 0:
            removed += len(chars)
            i += len(chars)
        else:
            added += len(chars)
            j += len(chars)
    changed()
    return opcodes


def similarity(old: str, new: str) -> float:
    """How alike two texts are, from 0 (no word in common) to 1 (the same words in the same
    order): twice the words kept over the words of both."""
    old_words, new_words = _TOKEN.findall(old or ""), _TOKEN.findall(new or "")
    if not old_words and not new_words:
        return 1.0
    (a, b), _items = _encode(old_words, new_words)
    kept = sum(len(chars) for op, chars in _diffs(a, b) if op == 0)
    return 2 * kept / (len(old_words) + len(new_words))


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

"""French typography as the Translation Bureau writes it, checked on rendered pages.

``french_problems(html)`` reads the text a French page shows (and its title, labels and
aria-labels), leaving out what is not the site's own French: code, scripts, and every element
marked with a ``lang`` of its own (the public's contributions and quotes, the language toggle).
Rules (Canadian usage, as on Canada.ca):

- a non-breaking space before « : », « % » and « $ », and inside « guillemets »;
- no space before « ; », « ! » and « ? »;
- « 1er » for the first of the month, never « 1 juillet »;
- times on the 24-hour clock as « 18 h » or « 10 h 30 », never « 18:30 », « 6 p.m. »;
- thousands separated by a (non-breaking) space, never by a comma.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

NBSP = "\xa0\u202f"
MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
RULES = [
    (re.compile(rf"[^\s{NBSP}(]:(?=\s|$)"), "no non-breaking space before « : »"),
    (re.compile(r" :(?=\s|$)"), "a plain space, not a non-breaking one, before « : »"),
    (re.compile(rf"[\s{NBSP}][;!?]"), "a space before « ; », « ! » or « ? »"),
    (re.compile(rf"«(?![{NBSP}])"), "no non-breaking space after « « »"),
    (re.compile(rf"(?<![{NBSP}])»"), "no non-breaking space before « » »"),
    (re.compile(r"\d ?%"), "no non-breaking space before « % »"),
    (re.compile(r"\d ?\$"), "no non-breaking space before « $ »"),
    (re.compile(rf"(?<![\d,.])1 (?:{MONTHS})\b"), "« 1 » instead of « 1er » before a month"),
    (re.compile(r"\b\d{1,2}:\d{2}\b"), "a time written « 18:30 » instead of « 18 h 30 »"),
    (re.compile(r"\b\d{1,2}(?::\d{2})? ?[ap]\.m\."), "a 12-hour time in French"),
    (re.compile(r"\b\d{1,3},\d{3}\b"), "thousands separated by a comma"),
]
SKIPPED_TAGS = {"script", "style", "code", "pre", "kbd", "samp", "textarea"}
VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip
BLOCKS = {
    "title", "p", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "label",
    "button", "summary", "caption", "legend", "option", "figcaption", "blockquote", "div",
    "text", "desc", "section", "nav", "main", "header", "footer", "form", "fieldset", "ul", "ol",
    "table", "tr", "dl", "figure", "aside", "article",
}  # fmt: skip
ATTRIBUTES = ("aria-label", "title", "placeholder", "alt")


class PageText(HTMLParser):
    """The page's own text, as blocks (one per element that holds text), and attribute texts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._stack: list[tuple[str, bool, list[str]]] = []

    @property
    def _skipping(self) -> bool:
        return bool(self._stack) and self._stack[-1][1]

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        skip = (
            self._skipping
            or tag in SKIPPED_TAGS
            or (tag != "html" and "lang" in a)
            or a.get("translate") == "no"
        )
        if not skip:
            for name in ATTRIBUTES:
                if a.get(name):
                    self.blocks.append(a[name])
        if tag in VOID:
            return
        self._stack.append((tag, skip, []))

    def handle_endtag(self, tag):
        if not any(entry[0] == tag for entry in self._stack):
            return
        while self._stack:
            name, skip, parts = self._stack.pop()
            text = " ".join("".join(parts).split(" "))
            if not skip and text.strip():
                if name in BLOCKS or not self._stack:
                    self.blocks.append(text.strip())
                else:
                    self._stack[-1][2].append(text)
            if name == tag:
                break

    def handle_data(self, data):
        if self._stack and not self._skipping:
            # Runs of ordinary white space are one space; non-breaking spaces are kept.
            self._stack[-1][2].append(re.sub(r"[ \t\r\n]+", " ", data))


def page_blocks(html: str) -> list[str]:
    parser = PageText()
    parser.feed(html)
    parser.close()
    return parser.blocks


def french_problems(html: str, rules: list | None = None) -> list[str]:
    """Each typography rule (of `rules`, all by default) the page's own French breaks, with the
    text that breaks it."""
    problems = []
    for block in page_blocks(html):
        for pattern, rule in RULES if rules is None else rules:
            match = pattern.search(block)
            if match:
                start = max(0, match.start() - 40)
                problems.append(f"{rule}: …{block[start : match.end() + 40]}…")
    return problems

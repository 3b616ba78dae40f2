"""The readable words of a message: an HTML body as text, a PDF attachment's text, and the
sender's own words with quoted replies and signatures trimmed (used by `mail`)."""

from __future__ import annotations

import html
import io
import logging
import re
from html.parser import HTMLParser

PDF_MAX_PAGES = 200

# Where a quoted reply starts: everything from this line down is the earlier message.
_REPLY_HEADERS = [
    re.compile(r"^\s*On\b.{0,200}\bwrote:\s*$", re.IGNORECASE),
    re.compile(r"^\s*Le\b.{0,200}\ba écrit\s*:\s*$", re.IGNORECASE),
    re.compile(r"^\s*-{2,}\s*(Original Message|Message d'origine|Courriel original)\s*-{2,}\s*$"),
    re.compile(r"^\s*_{10,}\s*$"),
    re.compile(r"^\s*(From|De)\s*:\s.+$"),
]
# Where a signature starts.
_SIGNATURE_STARTS = [
    re.compile(r"^-- ?$"),
    re.compile(r"^\s*(Sent from|Envoyé de|Envoyé depuis|Get Outlook for)\b.*$", re.IGNORECASE),
]
_SIGN_OFFS = re.compile(
    r"^\s*(regards|best regards|kind regards|thanks|thank you|cheers|sincerely|"
    r"cordialement|bien cordialement|salutations|meilleures salutations|merci|"
    r"bien à vous|amitiés)[\s,.!]*$",
    re.IGNORECASE,
)
# A sign-off followed by at most this many lines (name, title, phone) is a signature.
_SIGN_OFF_TAIL_LINES = 6


def pdf_text(data: bytes) -> str:
    """The text of a PDF, or "" when it has none or cannot be read (scans, encryption)."""
    # pypdf is loaded by the first PDF attachment only, not by every process that imports this.
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    # pypdf logs every malformed object it recovers from: not our concern here.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            return ""
        texts = []
        for page in reader.pages[:PDF_MAX_PAGES]:
            texts.append(page.extract_text() or "")
        return "\n".join(texts)
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError):
        return ""


class _HTMLText(HTMLParser):
    """Text of an HTML body: scripts, styles and head dropped, blocks on their own lines."""

    BLOCKS = frozenset(
        {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table"}
    )
    SKIP = frozenset({"script", "style", "head", "title", "template", "noscript"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.quote_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        elif tag == "blockquote":
            self.quote_depth += 1
            self.parts.append("\n")
        elif tag in self.BLOCKS:
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("\n- ")

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag == "blockquote":
            self.quote_depth = max(0, self.quote_depth - 1)
            self.parts.append("\n")
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        # Quoted earlier messages (blockquote) are not the sender's words.
        if not self.skipping and not self.quote_depth:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    parser = _HTMLText()
    try:
        parser.feed(markup)
        parser.close()
    except Exception:  # noqa: BLE001 - malformed HTML: fall back to stripping tags
        return html.unescape(re.sub(r"<[^>]+>", " ", markup))
    text = "".join(parser.parts)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def trim_reply(text: str) -> str:
    """The sender's own words: quoted replies, forwarded history and signatures removed."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept: list[str] = []
    for line in lines:
        if any(pattern.match(line) for pattern in _REPLY_HEADERS) and kept:
            break
        if any(pattern.match(line) for pattern in _SIGNATURE_STARTS):
            break
        if line.lstrip().startswith(">"):
            continue
        kept.append(line)
    # A sign-off ("Regards," / "Cordialement,") followed by a few short lines is a signature.
    for index in range(len(kept) - 1, -1, -1):
        if _SIGN_OFFS.match(kept[index]):
            tail = [line for line in kept[index + 1 :] if line.strip()]
            if len(tail) <= _SIGN_OFF_TAIL_LINES and all(len(line) < 80 for line in tail):
                kept = kept[:index]
            break
    return "\n".join(kept).strip()

"""Turning one raw email message into what the corpus keeps.

From the bytes of a message (IMAP, .eml, one entry of an .mbox) this module reads the sender,
date, subject and Message-ID; finds the body (the text/plain part, or the HTML part turned into
text when there is no plain text), decoding quoted-printable and base64 and the declared charset
(ISO-8859-1 read as Windows-1252, as mail clients mean it); trims quoted replies and signatures;
lists the attachments, extracting the text of plain-text and PDF attachments.

It never raises on bad input: a message it cannot use comes back with `problem` set, a
translated reason the importer records as a reject.
"""

from __future__ import annotations

import base64
import binascii
import email
import email.policy
import email.utils
import hashlib
import io
import quopri
import re
from dataclasses import dataclass, field
from email.message import Message

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

from .mailtext import html_to_text, pdf_text, trim_reply
from .storing import AttachmentData

# A message bigger than this is refused (attachments included); IMAP checks the size first.
MESSAGE_MAX_BYTES = 15 * 1024 * 1024
# Extracted attachment text beyond this is not added to the contribution (the file is kept).
ATTACHMENT_TEXT_MAX_CHARS = 40_000
# Deeper nesting than this is a hostile message, not a real one.
MULTIPART_MAX_DEPTH = 20
SUBJECT_MAX_LENGTH = 200

# Mail clients label Windows-1252 text as ISO-8859-1 (or ASCII); decode the superset.
_CHARSET_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "windows-1252": "cp1252",
}


@dataclass
class ParsedEmail:
    message_id: str = ""
    external_ref: str = ""
    date: object = None
    subject: str = ""
    sender_name: str = ""
    sender_address: str = ""
    body: str = ""
    attachments: list[AttachmentData] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    problem: str = ""

    @property
    def text(self) -> str:
        """The body followed by the extracted text of attachments, each under its file name."""
        parts = [self.body] if self.body else []
        for attachment in self.attachments:
            if attachment.text_extracted and getattr(attachment, "text", ""):
                parts.append(f"[{attachment.filename}]\n{attachment.text}")
        return "\n\n".join(parts)


@dataclass
class _Attachment(AttachmentData):
    text: str = ""


def parse_message(raw: bytes) -> ParsedEmail:
    """Read one message; on failure the result has `problem` set and little else."""
    parsed = ParsedEmail()
    parsed.external_ref = message_ref(raw, "")
    if len(raw) > MESSAGE_MAX_BYTES:
        parsed.problem = _("The message is larger than %(limit)s MB and was not imported.") % {
            "limit": MESSAGE_MAX_BYTES // 2**20
        }
        return parsed
    raw, dropped = _drop_invalid_header_lines(raw)
    if dropped:
        parsed.notes.append(f"{dropped} invalid header line(s) ignored")
    try:
        message = email.message_from_bytes(raw, policy=email.policy.compat32)
    except Exception:  # noqa: BLE001 - the parser is lenient; anything raised means unusable
        parsed.problem = _("The message cannot be read.")
        return parsed
    if not message.keys() and not message.get_payload():
        parsed.problem = _("The message is empty.")
        return parsed

    _read_headers(parsed, message, raw)
    try:
        body, attachments = _walk(message)
    except _Undecodable:
        parsed.problem = _(
            "The message's text is in an encoding that cannot be recognised; it was not "
            "imported rather than stored garbled."
        )
        return parsed
    parsed.body = trim_reply(body)
    parsed.attachments = attachments
    if not parsed.body.strip() and not any(a.text_extracted for a in attachments):
        if parsed.subject.strip():
            parsed.body = parsed.subject
        else:
            parsed.problem = _("The message has no text.")
    return parsed


def _read_headers(parsed: ParsedEmail, message: Message, raw: bytes) -> None:
    """Message-ID (and the reference made of it), subject, sender and date."""
    parsed.message_id = _message_id(message)
    parsed.external_ref = message_ref(raw, parsed.message_id)
    parsed.subject = _header_text(_raw_header(message, "Subject"))[: SUBJECT_MAX_LENGTH * 2]
    parsed.sender_name, parsed.sender_address = _sender(message)
    parsed.date = _date(message)
    if parsed.date is None:
        parsed.notes.append("no valid Date header: the import time is used")


def message_ref(raw: bytes, message_id: str) -> str:
    """The corpus reference: the Message-ID, or a hash of the bytes when there is none."""
    if message_id:
        ref = f"msgid:{message_id}"
        if len(ref) <= 255:
            return ref
        return f"msgid:sha256:{hashlib.sha256(message_id.encode()).hexdigest()}"
    return f"sha256:{hashlib.sha256(raw).hexdigest()}"


_HEADER_LINE = re.compile(rb"^([\x21-\x39\x3b-\x7e]+:|[ \t]|From )")


def _drop_invalid_header_lines(raw: bytes) -> tuple[bytes, int]:
    """Remove lines of the header block that are neither a header nor its continuation.

    Python's parser would otherwise take such a line as the start of the body and push the
    remaining headers into the text.
    """
    end = re.search(rb"\r?\n\r?\n", raw)
    if end is None:
        return raw, 0
    head, rest = raw[: end.start()], raw[end.start() :]
    lines = re.split(rb"(?<=\n)", head)
    kept = [line for line in lines if _HEADER_LINE.match(line)]
    if not kept:
        return raw, 0
    return b"".join(kept) + rest, len(lines) - len(kept)


class _Undecodable(Exception):
    pass


_ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=")


def _raw_header(message: Message, name: str) -> str:
    """A header's raw value (8-bit bytes kept as surrogate escapes), or ""."""
    for key, value in message.raw_items():
        if key.lower() == name.lower():
            return str(value)
    return ""


def _header_text(value: object) -> str:
    """A header as text: raw 8-bit bytes and RFC 2047 words decoded; a broken word left as is."""
    text = str(value or "")
    if any("\udc80" <= ch <= "\udcff" for ch in text):
        text = _decode_bytes(text.encode("ascii", "surrogateescape"), None, strict=False)
    # Whitespace between two encoded words is not part of the text (RFC 2047, section 6.2).
    text = re.sub(r"(\?=)\s+(=\?)", r"\1\2", text)
    text = _ENCODED_WORD.sub(_decode_word, text)
    text = "".join(ch for ch in text if ch.isprintable() or ch == " ")
    return " ".join(text.split())


def _decode_word(match: re.Match) -> str:
    charset, encoding, payload = match.groups()
    charset = charset.split("*", 1)[0]
    try:
        if encoding in "bB":
            data = base64.b64decode(payload + "=" * (-len(payload) % 4), validate=True)
        else:
            data = quopri.decodestring(payload.replace("_", " ").encode("ascii"), header=True)
    except (binascii.Error, ValueError, UnicodeEncodeError):
        return match.group()
    return _decode_bytes(data, charset, strict=False)


def _message_id(message: Message) -> str:
    value = _header_text(_raw_header(message, "Message-ID")).strip()
    match = re.search(r"<([^<>\s]+)>", value)
    if match:
        return match.group(1)
    return value if value and " " not in value and len(value) > 3 else ""


def _sender(message: Message) -> tuple[str, str]:
    raw = _raw_header(message, "From") or _raw_header(message, "Sender")
    name, address = email.utils.parseaddr(_header_text(raw))
    name = name.strip().strip('"')[:120]
    address = address.strip()
    try:
        validate_email(address)
    except ValidationError:
        address = ""
    return name, address.lower()


def _date(message: Message):
    raw = _raw_header(message, "Date")
    if not raw:
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(str(raw))
    except (TypeError, ValueError, IndexError):
        return None
    if parsed is None:
        return None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, timezone.get_default_timezone())
    return parsed


def _decode_bytes(data: bytes, charset: str | None, *, strict: bool = True) -> str:
    """Decode with the declared charset, then UTF-8, then Windows-1252; never as mojibake."""
    declared = (charset or "").strip().lower()
    candidates = []
    if declared:
        candidates.append(_CHARSET_ALIASES.get(declared, declared))
    for fallback in ("utf-8", "cp1252"):
        if fallback not in candidates:
            candidates.append(fallback)
    if declared in _CHARSET_ALIASES or not declared:
        # Text labelled ASCII or Latin-1 that is valid UTF-8 is UTF-8 (a common mislabel).
        candidates.sort(key=lambda c: c != "utf-8")
    for candidate in candidates:
        try:
            return data.decode(candidate)
        except (UnicodeDecodeError, LookupError):
            continue
    if strict:
        raise _Undecodable
    return data.decode("utf-8", errors="replace")


def _is_attachment(part: Message) -> bool:
    disposition = (part.get("Content-Disposition") or "").split(";")[0].strip().lower()
    return disposition == "attachment" or (bool(part.get_filename()) and disposition != "inline")


def _walk(message: Message) -> tuple[str, list[_Attachment]]:
    """The body text (plain preferred, else HTML as text) and the attachments."""
    plain: list[str] = []
    htmls: list[str] = []
    attachments: list[_Attachment] = []
    for part in _leaves(message):
        content_type = part.get_content_type()
        if part.get_content_maintype() == "message" or _is_attachment(part):
            attachments.append(_attachment(part))
            continue
        if content_type not in ("text/plain", "text/html"):
            attachments.append(_attachment(part))
            continue
        payload = _payload(part)
        text = _decode_bytes(payload, part.get_content_charset())
        (plain if content_type == "text/plain" else htmls).append(text)
    if any(t.strip() for t in plain):
        body = "\n\n".join(t for t in plain if t.strip())
    else:
        body = "\n\n".join(html_to_text(t) for t in htmls)
    return body, attachments


def _leaves(part: Message, depth: int = 0):
    """The non-multipart parts, depth first; an attached message is one leaf, not opened."""
    if part.get_content_maintype() == "message" and depth:
        yield part
        return
    if part.is_multipart():
        if depth > MULTIPART_MAX_DEPTH:
            return
        payload = part.get_payload()
        for child in payload if isinstance(payload, list) else []:
            yield from _leaves(child, depth + 1)
        return
    yield part


def _payload(part: Message) -> bytes:
    try:
        payload = part.get_payload(decode=True)
    except Exception:  # noqa: BLE001 - a broken transfer encoding gives the raw payload
        payload = None
    if payload is None:
        raw = part.get_payload()
        payload = raw.encode("utf-8", errors="replace") if isinstance(raw, str) else b""
    return payload


def _attachment(part: Message) -> _Attachment:
    content_type = part.get_content_type()
    filename = _header_text(part.get_filename() or "") or _("(unnamed attachment)")
    filename = filename.replace("/", "_").replace("\\", "_")[:255]
    if part.get_content_maintype() == "message":
        payload = part.as_bytes() if not part.is_multipart() else b""
        inner = part.get_payload()
        if isinstance(inner, list) and inner:
            payload = inner[0].as_bytes()
    else:
        payload = _payload(part)
    attachment = _Attachment(
        filename=filename, content_type=content_type, size=len(payload), data=payload
    )
    if content_type == "text/plain":
        try:
            attachment.text = _decode_bytes(payload, part.get_content_charset())
        except _Undecodable:
            attachment.text = ""
    elif content_type == "application/pdf" or filename.lower().endswith(".pdf"):
        attachment.text = pdf_text(payload)
    attachment.text = attachment.text.strip()[:ATTACHMENT_TEXT_MAX_CHARS]
    attachment.text_extracted = bool(attachment.text)
    # Extracted text files need no copy; everything else is kept for staff to open.
    attachment.keep_file = not (content_type == "text/plain" and attachment.text_extracted)
    return attachment


def split_mbox(data: bytes):
    """Each message of an mbox archive, as bytes (">From " escapes undone)."""
    current: list[bytes] = []
    started = False
    for line in io.BytesIO(data):
        if line.startswith(b"From ") and (not started or _previous_blank(current)):
            if started and current:
                yield _unescape(current)
            current = []
            started = True
            continue
        if started:
            current.append(line)
    if started and current:
        yield _unescape(current)


def _previous_blank(lines: list[bytes]) -> bool:
    return not lines or not lines[-1].strip()


def _unescape(lines: list[bytes]) -> bytes:
    out = []
    for line in lines:
        if re.match(rb"^>+From ", line):
            line = line[1:]
        out.append(line)
    return b"".join(out).rstrip(b"\n") + b"\n"

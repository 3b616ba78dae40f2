"""Sensitive information in free text: find it, and mask it before anything is made public.

What is detected, and why each rule is shaped as it is:
- Social Insurance Numbers: nine digits, alone or grouped 3-3-3 with the same space or dash,
  passing the Luhn check (the check every real SIN passes). A nine-digit amount or reference
  that fails Luhn is left alone.
- Payment card numbers: 13 to 19 digits, optionally grouped by spaces or dashes, starting with a
  card network's first digit (3, 4, 5 or 6) and passing Luhn.
- Phone numbers: North American numbers (area code and exchange starting 2-9) written the ways
  people write them in English and French (613-957-7154, (613) 957-7154, 613 957 7154,
  613.957.7154, +1 613 957 7154, 1-800-282-1376, with "ext."/"poste"), and international numbers
  starting with "+".
- Email addresses.
- Canadian postal codes (K1A 0B1, k1a0b1), letters as Canada Post allocates them.

Dates (2018-06-30, 30/06/2018), amounts (1 000 000 $, $1,000,000.00) and years are not matched.
Findings never overlap: the first rule that claims a span wins (emails, then cards, SINs,
phones, postal codes), so a card number is never reported again as a phone number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SIN = "sin"
PAYMENT_CARD = "payment_card"
PHONE = "phone"
EMAIL = "email"
POSTAL_CODE = "postal_code"

KINDS: tuple[str, ...] = (EMAIL, PAYMENT_CARD, SIN, PHONE, POSTAL_CODE)

# What replaces each finding in the redacted text, in the language the text was written in.
# These are data written into stored text (not interface strings), so they are fixed here.
REDACTION_LABELS: dict[str, dict[str, str]] = {
    SIN: {"en": "[SIN removed]", "fr": "[NAS retiré]"},
    PAYMENT_CARD: {"en": "[card number removed]", "fr": "[numéro de carte retiré]"},
    PHONE: {"en": "[phone number removed]", "fr": "[numéro de téléphone retiré]"},
    EMAIL: {"en": "[email removed]", "fr": "[courriel retiré]"},
    POSTAL_CODE: {"en": "[postal code removed]", "fr": "[code postal retiré]"},
}

_EMAIL_RE = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@"
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w-])"
)
# Digits separated by single spaces or dashes; no digit, dash or decimal point on either side.
_CARD_RE = re.compile(r"(?<![0-9.,-])(?:[0-9][ -]?){12,18}[0-9](?![0-9-]|[.,][0-9])")
_SIN_RE = re.compile(r"(?<![0-9.,-])([0-9]{3})([ -]?)([0-9]{3})\2([0-9]{3})(?![0-9-]|[.,][0-9])")
_PHONE_NA_RE = re.compile(
    r"(?<![\w+.,-])"
    r"(?:\+?1[ .-]?)?"
    r"(?:\([2-9][0-9]{2}\)[ .-]?|[2-9][0-9]{2}[ .-]?)"
    r"[2-9][0-9]{2}[ .-]?[0-9]{4}"
    r"(?:\s*(?:ext\.?|x|poste|p\.)\s*[0-9]{1,5})?"
    r"(?![0-9-]|[.,][0-9])",
    re.IGNORECASE,
)
_PHONE_INTL_RE = re.compile(r"(?<![\w+])\+(?:[0-9][ .-]?){7,14}[0-9](?![0-9])")
_POSTAL_RE = re.compile(
    r"(?<![A-Za-z0-9])[ABCEGHJ-NPRSTVXY][0-9][ABCEGHJ-NPRSTV-Z][ -]?[0-9][ABCEGHJ-NPRSTV-Z][0-9]"
    r"(?![A-Za-z0-9])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int
    text: str


def luhn_valid(digits: str) -> bool:
    """The Luhn checksum used by SINs and payment cards."""
    if not digits.isdigit():
        return False
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def _is_card(digits: str) -> bool:
    return 13 <= len(digits) <= 19 and digits[0] in "3456" and luhn_valid(digits)


def _card_in_run(run: str, offset: int) -> Finding | None:
    """A card number in a run of grouped digits; a number written right after it is not part
    of it ("4111 1111 1111 1111 2019"), so the longest valid run of whole groups is tried too."""
    groups = [(m.start(), m.end()) for m in re.finditer(r"[0-9]+", run)]
    for size in range(len(groups), 0, -1):
        for first in range(len(groups) - size + 1):
            start, end = groups[first][0], groups[first + size - 1][1]
            if _is_card(_digits(run[start:end])):
                return Finding(PAYMENT_CARD, offset + start, offset + end, run[start:end])
    return None


def _candidates(text: str) -> list[Finding]:
    found: list[Finding] = []
    for match in _EMAIL_RE.finditer(text):
        found.append(Finding(EMAIL, match.start(), match.end(), match.group()))
    for match in _CARD_RE.finditer(text):
        card = _card_in_run(match.group(), match.start())
        if card is not None:
            found.append(card)
    for match in _SIN_RE.finditer(text):
        digits = _digits(match.group())
        # Even the sample SIN of government forms (046 454 286) is worth a warning: Luhn only.
        if luhn_valid(digits):
            found.append(Finding(SIN, match.start(), match.end(), match.group()))
    for pattern in (_PHONE_NA_RE, _PHONE_INTL_RE):
        for match in pattern.finditer(text):
            found.append(Finding(PHONE, match.start(), match.end(), match.group()))
    for match in _POSTAL_RE.finditer(text):
        found.append(Finding(POSTAL_CODE, match.start(), match.end(), match.group()))
    return found


def detect(text: str) -> list[Finding]:
    """Every piece of sensitive information in the text, in order, never overlapping."""
    if not text:
        return []
    priority = {kind: position for position, kind in enumerate(KINDS)}
    candidates = sorted(_candidates(text), key=lambda f: (priority[f.kind], f.start))
    kept: list[Finding] = []
    for finding in candidates:
        if all(finding.end <= other.start or finding.start >= other.end for other in kept):
            kept.append(finding)
    return sorted(kept, key=lambda f: f.start)


def kinds_found(text: str) -> list[str]:
    """The kinds of sensitive information in the text, each once, in the order of KINDS."""
    present = {finding.kind for finding in detect(text)}
    return [kind for kind in KINDS if kind in present]


def redact(text: str, language: str = "en") -> str:
    """The text with each finding replaced by a label in the text's language (en or fr)."""
    findings = detect(text)
    if not findings:
        return text
    lang = "fr" if language == "fr" else "en"
    pieces: list[str] = []
    position = 0
    for finding in findings:
        pieces.append(text[position : finding.start])
        pieces.append(REDACTION_LABELS[finding.kind][lang])
        position = finding.end
    pieces.append(text[position:])
    return "".join(pieces)

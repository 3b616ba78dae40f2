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
- Emails written to dodge robots: "jane (at) example (dot) ca", "jane dot doe at gmail dot com",
  « jeanne arobase exemple point ca ». The bare " at " form counts only with a sign that an
  address is meant (a dotted local part, a webmail domain, or "email"/« courriel » just before),
  so "we looked at canada dot ca" is left alone.
- SINs written with dots (046.454.286), with the same Luhn check.
- Provincial health card numbers: Ontario's 10 digits grouped 4-3-3, with or without the two-
  letter version code (Luhn-checked unless "health card"/« carte santé » is said before it), and
  Quebec's RAMQ number (four letters, then eight digits whose month and day are a real date).
- Passport numbers said to be one ("passport number AB123456", « passeport : AB123456 »).
- Dates of birth said to be one ("born on March 3, 1985", « née le 1er mars 1985 », "DOB:
  1985-03-03"); only the date is masked. Other dates are left alone.
- Street addresses: a civic number, then a street type and a capitalised name in either order
  ("42 Wellington Street", « 1234, rue Sainte-Catherine Ouest, app. 5 »). A street named
  without a civic number ("on Wellington Street") is not an address.
- Names given by their owner: after "my name is", « je m'appelle », « mon nom est », a
  "Name:" label, in a sign-off at the end ("Regards,\nJane Doe", « Cordialement, Jean
  Tremblay »), or written right beside contact details ("Jane Doe, jane@example.org"). Names
  of public office holders in their role ("Minister Brison announced"), organisations, bill and
  section numbers, dates of events, room numbers and amounts are never matched.

Dates (2018-06-30, 30/06/2018), amounts (1 000 000 $, $1,000,000.00) and years are not matched
unless said to be a date of birth. Findings never overlap: the first rule that claims a span
wins (emails, then cards, health cards, SINs, passports, phones, postal codes, dates of birth,
addresses, names), so a card number is never reported again as a phone number.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .pii_patterns import (
    _ADDRESS_EN_RE,
    _ADDRESS_FR_RE,
    _BIRTH_DATE_RE,
    _CARD_RE,
    _EMAIL_CUE,
    _EMAIL_RE,
    _HEALTH_CUE,
    _HEALTH_ON_RE,
    _HEALTH_QC_RE,
    _MAY_HOLD_RE,
    _NAME_BEFORE_CONTACT_RE,
    _NOT_NAMES,
    _OB_DOT,
    _OB_EMAIL_RE,
    _PASSPORT_RE,
    _PHONE_INTL_RE,
    _PHONE_NA_RE,
    _POSTAL_RE,
    _SELF_NAME_RE,
    _SIGN_OFF_RE,
    _SIN_RE,
    _WEBMAIL,
)

SIN = "sin"
PAYMENT_CARD = "payment_card"
PHONE = "phone"
EMAIL = "email"
POSTAL_CODE = "postal_code"
HEALTH_CARD = "health_card"
PASSPORT = "passport"
BIRTH_DATE = "birth_date"
ADDRESS = "address"
NAME = "name"

KINDS: tuple[str, ...] = (
    EMAIL,
    PAYMENT_CARD,
    HEALTH_CARD,
    SIN,
    PASSPORT,
    PHONE,
    POSTAL_CODE,
    BIRTH_DATE,
    ADDRESS,
    NAME,
)

# What replaces each finding in the redacted text, in the language the text was written in.
# These are data written into stored text (not interface strings), so they are fixed here.
REDACTION_LABELS: dict[str, dict[str, str]] = {
    SIN: {"en": "[SIN removed]", "fr": "[NAS retiré]"},
    PAYMENT_CARD: {"en": "[card number removed]", "fr": "[numéro de carte retiré]"},
    PHONE: {"en": "[phone number removed]", "fr": "[numéro de téléphone retiré]"},
    EMAIL: {"en": "[email removed]", "fr": "[courriel retiré]"},
    POSTAL_CODE: {"en": "[postal code removed]", "fr": "[code postal retiré]"},
    HEALTH_CARD: {"en": "[health card number removed]", "fr": "[numéro de carte santé retiré]"},
    PASSPORT: {"en": "[passport number removed]", "fr": "[numéro de passeport retiré]"},
    BIRTH_DATE: {"en": "[date of birth removed]", "fr": "[date de naissance retirée]"},
    ADDRESS: {"en": "[address removed]", "fr": "[adresse retirée]"},
    NAME: {"en": "[name removed]", "fr": "[nom retiré]"},
}


def may_hold(text: str) -> bool:
    """False only for texts in which no rule can find anything (no digit, "@" or cue word)."""
    return bool(text) and bool(_MAY_HOLD_RE.search(text))


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


def _obfuscated_emails(text: str) -> list[Finding]:
    found = []
    for match in _OB_EMAIL_RE.finditer(text):
        # "(at)", "[at]", « arobase »: an address for sure. A bare " at " only with a sign
        # that an address is meant.
        spelled_at = not re.search(r"[\(\[\{]|arobase", match.group("at"), re.IGNORECASE)
        if spelled_at and not (
            re.search(_OB_DOT + r"|\.", match.group("local"), re.IGNORECASE)
            or _WEBMAIL.match(match.group("domain"))
            or _EMAIL_CUE.search(text[max(0, match.start() - 30) : match.start()])
        ):
            continue
        found.append(Finding(EMAIL, match.start(), match.end(), match.group()))
    return found


def _health_cards(text: str) -> list[Finding]:
    found = []
    for match in _HEALTH_ON_RE.finditer(text):
        said = _HEALTH_CUE.search(text[max(0, match.start() - 60) : match.start()])
        if said or (match.group(4) and luhn_valid(_digits(match.group()))):
            found.append(Finding(HEALTH_CARD, match.start(), match.end(), match.group()))
        elif match.group(2) and luhn_valid(_digits(match.group())):
            found.append(Finding(HEALTH_CARD, match.start(), match.end(), match.group()))
    for match in _HEALTH_QC_RE.finditer(text):
        digits = _digits(match.group())
        month, day = int(digits[2:4]), int(digits[4:6])
        if (1 <= month <= 12 or 51 <= month <= 62) and 1 <= day <= 31:
            found.append(Finding(HEALTH_CARD, match.start(), match.end(), match.group()))
    return found


def _named(kind: str, pattern: re.Pattern, text: str, group: str) -> list[Finding]:
    return [
        Finding(kind, match.start(group), match.end(group), match.group(group))
        for match in pattern.finditer(text)
    ]


def _is_name(value: str) -> bool:
    words = value.split()
    return bool(words) and not any(word.casefold().strip("'’") in _NOT_NAMES for word in words)


def _names(text: str, contacts: list[Finding]) -> list[Finding]:
    found = [
        finding
        for pattern in (_SELF_NAME_RE, _SIGN_OFF_RE)
        for finding in _named(NAME, pattern, text, "name")
        if _is_name(finding.text)
    ]
    for contact in contacts:
        before = text[max(0, contact.start - 60) : contact.start]
        match = _NAME_BEFORE_CONTACT_RE.search(before)
        if not match:
            continue
        offset = contact.start - len(before)
        # "Contact Jane Doe, jane@…": a leading verb or title is not part of the name.
        words = [
            word
            for word in re.finditer(r"\S+", match.group("name"))
            if word.group().casefold() not in _NOT_NAMES
        ]
        if len(words) >= 2 and words[-1].end() == len(match.group("name")):
            first, last = words[0].start(), words[-1].end()
            value = match.group("name")[first:last]
            if _is_name(value):
                begin = offset + match.start("name") + first
                found.append(Finding(NAME, begin, begin + len(value), value))
    return found


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
    found.extend(_obfuscated_emails(text))
    found.extend(_health_cards(text))
    found.extend(_named(PASSPORT, _PASSPORT_RE, text, "number"))
    found.extend(_named(BIRTH_DATE, _BIRTH_DATE_RE, text, "date"))
    for pattern in (_ADDRESS_EN_RE, _ADDRESS_FR_RE):
        for match in pattern.finditer(text):
            found.append(Finding(ADDRESS, match.start(), match.end(), match.group()))
    contacts = [finding for finding in found if finding.kind in (EMAIL, PHONE)]
    found.extend(_names(text, contacts))
    return found


def detect(text: str) -> list[Finding]:
    """Every piece of sensitive information in the text, in order, never overlapping."""
    if not text:
        return []
    priority = {kind: position for position, kind in enumerate(KINDS)}
    candidates = sorted(_candidates(text), key=lambda f: (priority[f.kind], f.start))
    # Kept findings never overlap, so each candidate is checked against its two neighbours in
    # position order only (a long email holds thousands of findings).
    starts: list[int] = []
    kept: list[Finding] = []
    for finding in candidates:
        index = bisect.bisect_right(starts, finding.start)
        if index and kept[index - 1].end > finding.start:
            continue
        if index < len(kept) and kept[index].start < finding.end:
            continue
        starts.insert(index, finding.start)
        kept.insert(index, finding)
    return kept


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

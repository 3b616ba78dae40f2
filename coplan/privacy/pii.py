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

_EMAIL_RE = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@"
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w-])"
)
# Digits separated by single spaces or dashes; no digit, dash or decimal point on either side.
_CARD_RE = re.compile(r"(?<![0-9.,-])(?:[0-9][ -]?){12,18}[0-9](?![0-9-]|[.,][0-9])")
_SIN_RE = re.compile(r"(?<![0-9.,-])([0-9]{3})([ .-]?)([0-9]{3})\2([0-9]{3})(?![0-9-]|[.,][0-9])")
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


# Emails written to dodge robots. A "dot" or "at" in brackets, or spelled out between spaces.
_OB_DOT = r"(?:\s*[\(\[\{]\s*(?:dot|point)\s*[\)\]\}]\s*|\s+(?:dot|point)\s+)"
_OB_AT_MARKED = r"(?:\s*[\(\[\{]\s*(?:at|arobase|a)\s*[\)\]\}]\s*|\s+arobase\s+)"
_OB_PART = r"[A-Za-z0-9][A-Za-z0-9_%+-]*"
_OB_TLD = r"(?:ca|com|org|net|gov|gouv|info|edu|fr|qc|io|me|co|us)"
_OB_EMAIL_RE = re.compile(
    rf"(?<![\w.@-])(?P<local>{_OB_PART}(?:(?:{_OB_DOT}|\.){_OB_PART})*)"
    rf"(?P<at>{_OB_AT_MARKED}|\s+at\s+)"
    rf"(?P<domain>{_OB_PART}(?:(?:{_OB_DOT}|\.){_OB_PART})*(?:{_OB_DOT}|\.){_OB_TLD})(?![\w-])",
    re.IGNORECASE,
)
_WEBMAIL = re.compile(
    r"^(?:gmail|hotmail|outlook|yahoo|live|icloud|me|videotron|sympatico|rogers|bell|shaw|"
    r"telus|cogeco|protonmail|proton|aol|msn)\b",
    re.IGNORECASE,
)
_EMAIL_CUE = re.compile(
    r"(?:e-?mail|courriel|write to|écrivez(?:-moi)? à|reach me|contact(?:ez)?(?:-moi)?|"
    r"joindre)\W{0,3}(?:me\W+)?(?:at\W+|à\W+)?$",
    re.IGNORECASE,
)

# Ontario health card: 4-3-3 digits, optional version code; Quebec RAMQ: 4 letters + 8 digits.
_HEALTH_ON_RE = re.compile(
    r"(?<![\w.,-])([0-9]{4})([ -]?)([0-9]{3})\2([0-9]{3})(?:[ -]?([A-Z]{2}))?(?![\w-])"
)
_HEALTH_QC_RE = re.compile(r"(?<![\w-])[A-Z]{4} ?[0-9]{4} ?[0-9]{4}(?![\w-])")
_HEALTH_CUE = re.compile(
    r"(?:health[ -]card|health number|OHIP|HCN|carte[ -](?:santé|soleil|d['’]assurance[ -]"
    r"maladie)|assurance[ -]maladie|RAMQ|numéro d['’]assurance maladie)",
    re.IGNORECASE,
)

_PASSPORT_RE = re.compile(
    r"(?:passport(?:\s+(?:number|no\.?|num(?:ber)?\.?|#))?|(?:numéro\s+de\s+)?passeport"
    r"(?:\s+(?:n[o°º]\.?|numéro|#))?)\s*(?:is|est|:|#|=)?\s*:?\s*"
    r"(?P<number>[A-Z]{2}[0-9]{6}|[A-Z][0-9]{7,8}|[A-Z0-9]{8,9})(?![\w-])",
    re.IGNORECASE,
)

_MONTHS = (
    r"(?:jan(?:uary|vier|\.)?|feb(?:ruary|\.)?|févr(?:ier|\.)?|fevrier|mar(?:ch|s|\.)?|"
    r"apr(?:il|\.)?|avr(?:il|\.)?|may|mai|june?|juin|july?|juil(?:let|\.)?|aug(?:ust|\.)?|"
    r"août|aout|sep(?:t(?:ember|embre)?|\.)?|oct(?:ober|obre|\.)?|nov(?:ember|embre|\.)?|"
    r"dec(?:ember|\.)?|déc(?:embre|\.)?)"
)
_DATE = (
    rf"(?:[0-9]{{4}}-[0-9]{{1,2}}-[0-9]{{1,2}}|[0-9]{{1,2}}[/.-][0-9]{{1,2}}[/.-][0-9]{{2,4}}|"
    rf"{_MONTHS}\s+[0-9]{{1,2}}(?:st|nd|rd|th)?,?\s+[0-9]{{4}}|"
    rf"(?:le\s+)?[0-9]{{1,2}}(?:er|st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS}\s+[0-9]{{4}})"
)
_BIRTH_DATE_RE = re.compile(
    r"(?:\bborn(?:\s+on)?|\bdate\s+of\s+birth|\bbirth\s*date|\bbirthday(?:\s+is)?|\bDOB|\bD\.O\.B\."
    r"|\bnée?s?\s+le|\bdate\s+de\s+naissance|\bdate\s+naiss\.?)\s*(?:is|est)?\s*[:\-]?\s*"
    rf"(?P<date>{_DATE})",
    re.IGNORECASE,
)

# A name: one to three capitalised words (hyphenated, with an apostrophe or a particle).
_NAME_WORD = (
    r"[A-ZÀ-ÖØ-Þ](?:['’][A-ZÀ-ÖØ-Þ])?[a-zà-öø-ÿ]+(?:[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]+)?"
    r"(?:['’-][A-ZÀ-ÖØ-Þa-zà-öø-ÿ][a-zà-öø-ÿ]+)*"
)
_PARTICLES = r"(?:(?:de|du|des|van|von|der|den|da|di|le|la)[ \t]+)*"
_NAME = rf"{_NAME_WORD}(?:[ \t]+{_PARTICLES}{_NAME_WORD}){{0,2}}"
_SELF_NAME_RE = re.compile(
    rf"(?:\b(?i:my\s+name\s+is|my\s+name's|je\s+m['’]appelle|je\s+me\s+nomme|mon\s+nom\s+est)"
    rf"\s+|(?:^|\n)[ \t]*(?i:name|nom|signed|signé(?:e)?)[ \t]*:[ \t]*)(?P<name>{_NAME})"
)
_SIGN_OFF_RE = re.compile(
    r"(?:^|[\n.!] ?)[ \t]*(?i:regards|best\s+regards|kind\s+regards|warm\s+regards|sincerely|"
    r"yours\s+truly|thanks|thank\s+you|cheers|best|cordialement|salutations(?:\s+distinguées)?|"
    r"bien\s+à\s+vous|merci(?:\s+beaucoup)?|amitiés|bonne\s+journée)[ \t]*[,.!-]?[ \t]*\n?[ \t]*"
    rf"(?P<name>{_NAME})[ \t]*[.!]?[ \t]*(?=\n|$)"
)
# Words that begin a sentence or name a role rather than a person.
_NOT_NAMES = frozenset(
    """
    the a an and or but please contact call email phone tel fax cell mobile office minister
    ministre premier prime president président présidente mayor maire deputy député députée
    senator sénateur sénatrice councillor conseiller conseillère chief director directeur
    directrice team équipe government gouvernement canada ontario quebec québec department
    ministère hi hello bonjour salut merci thanks regards cordialement le la les un une et ou
    mais svp courriel téléphone bureau room salle bill projet section article
    """.split()
)
_NAME_BEFORE_CONTACT_RE = re.compile(
    rf"(?P<name>{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{1,2}})[ \t]*(?:,|:|-|–|—|\(|\bat\b|\bà\b)?"
    r"[ \t]*\(?[ \t]*$"
)

_STREET_TYPES_EN = (
    r"(?:Street|St\.?|Avenue|Ave\.?|Road|Rd\.?|Boulevard|Blvd\.?|Drive|Dr\.?|Crescent|Cres\.?|"
    r"Court|Ct\.?|Lane|Ln\.?|Way|Place|Pl\.?|Terrace|Parkway|Pkwy\.?|Circle|Trail|Highway|Hwy\.?|"
    r"Square|Sq\.?|Row|Gate|Grove|Heights|Close|Line|Sideroad)"
)
_STREET_TYPES_FR = (
    r"(?:rue|avenue|av\.|boulevard|boul\.|bd|chemin|ch\.|route|rang|place|allée|croissant|"
    r"promenade|montée|côte|impasse|ruelle|cours|terrasse|autoroute|carré|square|sentier|voie)"
)
_CIVIC = r"(?<![\w$.,/-])[0-9]{1,6}[A-Za-z]?(?:-[0-9]{1,6})?"
_UNIT = (
    r"(?:,?[ \t]*(?i:apt\.?|apartment|unit|suite|app\.?|appartement|bureau|unité|local)"
    r"[ \t]*[0-9]{1,5}[A-Za-z]?)?"
)
_DIRECTION = r"(?:[ \t]+(?:North|South|East|West|N\.?|S\.?|E\.?|W\.?|Est|Ouest|Nord|Sud))?"
_ADDRESS_EN_RE = re.compile(
    rf"{_CIVIC}[ \t]+(?:{_NAME_WORD}[ \t]+){{1,3}}{_STREET_TYPES_EN}(?![\w]){_DIRECTION}{_UNIT}"
)
_ADDRESS_FR_RE = re.compile(
    rf"{_CIVIC},?[ \t]+(?i:{_STREET_TYPES_FR})[ \t]+"
    r"(?:(?:de[ \t]+la|de[ \t]+l['’]|du|des|de|d['’])[ \t]*)?"
    rf"{_NAME_WORD}(?:[ \t-]+(?:{_NAME_WORD}|de|du|des|la|l['’]{_NAME_WORD}))*{_DIRECTION}{_UNIT}"
)

# A cheap test that a text may hold something any rule finds: bulk imports skip the rest.
_MAY_HOLD_RE = re.compile(
    r"[0-9@]|\b(?:at|dot|point|arobase|name|nom|appelle|regards|sincerely|thanks|thank|cheers|"
    r"best|cordialement|salutations|merci|amitiés|bien|signed|signé|journée)\b",
    re.IGNORECASE,
)


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

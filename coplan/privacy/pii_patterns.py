"""The patterns behind `pii`'s rules (the rules themselves, and why each is shaped as it is,
are described in `pii`)."""

import re

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

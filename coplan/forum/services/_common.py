"""What the forum's use cases share: both languages, text as typed, the fields each may change."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.functional import Promise

LANGUAGES = ("en", "fr")


def both(values: dict[str, Any], field: str) -> bool:
    return all((values.get(f"{field}_{lang}") or "").strip() for lang in LANGUAGES)


def text(value: str) -> str:
    """Browsers send text areas with CRLF line ends: keep LF, so blank lines split paragraphs."""
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def apply(obj: object, values: dict[str, Any], allowed: tuple[str, ...]) -> None:
    for key, value in values.items():
        if key not in allowed:
            raise TypeError(f"{key} cannot be changed here")
        setattr(obj, key, text(value) if isinstance(value, str) else value)


def bilingual(*fields: str) -> tuple[str, ...]:
    return tuple(f"{field}_{lang}" for field in fields for lang in LANGUAGES)


FORUM_FIELDS = bilingual("name", "terms_of_reference", "participation_rules")
MEETING_FIELDS = ("held_at", *bilingual("title", "location", "agenda", "minutes", "decisions"))
MEMBER_FIELDS = (
    "name",
    "organisation",
    "sector",
    "role",
    "term_start",
    "term_end",
    "user",
)


def translated(language: str, message: str | Promise) -> str:
    with translation.override(language):
        return str(message)

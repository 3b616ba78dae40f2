"""Cleaning public text: what we accept, and the translated reason when we do not."""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Control characters other than tab and newlines carry no meaning in a comment.
_ALLOWED_CONTROL = {"\t", "\n", "\r"}
# Every other control character (Unicode category Cc: U+0000-U+001F and U+007F-U+009F), found
# by one regular expression: a character-by-character loop took seconds on a long brief.
_DROPPED_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def clean_public_text(value: str, *, max_length: int, required: bool = True) -> str:
    """Return the text normalised (NFC, stripped, newlines unified) or raise ValidationError."""
    if value is None:
        value = ""
    if "\x00" in value:
        raise ValidationError(
            _("The text contains a null character. Please remove it."), code="null_character"
        )
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in value):
        raise ValidationError(_("The text contains invalid characters."), code="invalid_unicode")
    value = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    value = _DROPPED_CONTROL.sub("", value).strip()
    if required and not value:
        raise ValidationError(_("This field cannot be empty."), code="empty")
    if len(value) > max_length:
        raise ValidationError(
            _("Please keep this under %(limit)s characters (it has %(count)s).")
            % {"limit": max_length, "count": len(value)},
            code="too_long",
        )
    return value

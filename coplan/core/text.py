"""Cleaning public text: what we accept, and the translated reason when we do not."""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Control characters other than tab and newlines carry no meaning in a comment.
_ALLOWED_CONTROL = {"\t", "\n", "\r"}


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
    value = "".join(
        ch for ch in value if ch in _ALLOWED_CONTROL or unicodedata.category(ch) != "Cc"
    ).strip()
    if required and not value:
        raise ValidationError(_("This field cannot be empty."), code="empty")
    if len(value) > max_length:
        raise ValidationError(
            _("Please keep this under %(limit)s characters (it has %(count)s).")
            % {"limit": max_length, "count": len(value)},
            code="too_long",
        )
    return value

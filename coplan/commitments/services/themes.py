"""Themes of the plan, which commitments are filed under."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coplan.core.pagecache import bump_content_version
from coplan.core.references import is_referenced

from ..models import (
    Theme,
)


def theme_save(*, data: Mapping[str, Any], theme: Theme | None = None) -> Theme:
    """Create or change a theme of the plan (its label in both languages)."""
    theme = theme or Theme()
    for name, value in data.items():
        setattr(theme, name, value)
    theme.full_clean()
    with transaction.atomic():
        theme.save()
        # Public commitment pages show their themes.
        bump_content_version()
    return theme


def theme_delete(*, theme: Theme) -> None:
    """Delete a theme no commitment has; one in use is refused (nothing is changed)."""
    with transaction.atomic():
        if is_referenced(theme):
            raise ValidationError(
                _("Commitments have this theme: take it off them before deleting it.")
            )
        theme.delete()

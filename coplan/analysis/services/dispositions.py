"""The dispositions analysts choose from."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coplan.core.pagecache import bump_content_version
from coplan.core.references import is_referenced

from ..models import (
    Disposition,
)


def disposition_save(
    *, data: Mapping[str, Any], disposition: Disposition | None = None
) -> Disposition:
    """Create or change a disposition analysts choose from (name and description in both
    languages, its place in the list)."""
    disposition = disposition or Disposition()
    for name, value in data.items():
        setattr(disposition, name, value)
    disposition.full_clean()
    with transaction.atomic():
        disposition.save()
        # Reports and the open data set name dispositions.
        bump_content_version()
    return disposition


def disposition_delete(*, disposition: Disposition) -> None:
    """Delete a disposition no contribution has been given; one in use is refused."""
    with transaction.atomic():
        if is_referenced(disposition):
            raise ValidationError(_("Contributions have this disposition: it cannot be deleted."))
        disposition.delete()

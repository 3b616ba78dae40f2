"""What the moderation app adds to the others: its personal data, for the privacy registry."""

from django.utils.translation import gettext_lazy as _

from coplan.privacy.deidentify import masked
from coplan.privacy.registry import PersonalData, registry

from .models import Decision

# A moderator's note may quote the personal details that made them mask or reject.
registry.register(
    PersonalData(
        model=Decision,
        fields=("note",),
        purpose=_("recording why a contribution was published, masked or rejected"),
        retention_anchor="contribution__process__completed_on",
        deidentify={"note": masked("note")},
    )
)

"""The analysis app's advice in the moderation queue: contributions likely to be rejected.

Registered with the moderation app's queue-annotation hook (see apps.py), so moderation never
imports analysis. Advice only: the flag says what past decisions suggest, the moderator decides.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from coplan.contributions.models import Contribution
from coplan.moderation.annotations import QueueAnnotation

from . import selectors

ANNOTATION_NAME = "analysis.rejection_risk"


def rejection_risk_notes(items: Sequence[Contribution]) -> dict[int, QueueAnnotation]:
    """A "likely to be rejected" note, with the score, for each high-risk contribution."""
    notes = {}
    for pk, risk in selectors.rejection_flags(items).items():
        notes[pk] = QueueAnnotation(
            label=_("Likely to be rejected"),
            detail=_("Rejection risk %(percent)s%% from past moderation decisions (advice only).")
            % {"percent": number_format(round(risk * 100))},
            level="warning",
        )
    return notes

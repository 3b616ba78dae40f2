"""Advice to moderators: the likely rejections, from past moderation decisions."""

from __future__ import annotations

import pickle
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from coplan.contributions.models import Contribution, ModerationState

from ..models import (
    TrainedModel,
)

# The latest moderation model, unpickled once per server process (a shared cache would unpickle
# megabytes of vocabulary on every page), keyed by its id and training time.
_moderation_models: dict[tuple[int, datetime], Any] = {}


def _moderation_model() -> Any:
    latest = (
        TrainedModel.objects.filter(kind=TrainedModel.Kind.MODERATION)
        .values_list("pk", "trained_at")
        .first()
    )
    if latest is None:
        return None
    if latest not in _moderation_models:
        artifact = TrainedModel.objects.values_list("artifact", flat=True).get(pk=latest[0])
        model = pickle.loads(bytes(artifact))  # noqa: S301 - written by our own task
        _moderation_models.clear()
        _moderation_models[latest] = model
    return _moderation_models[latest]


def rejection_risk_for(contributions: Iterable[Contribution]) -> dict[int, float]:
    """Probability (0-1) that moderators would reject each contribution, from past decisions.

    Empty when no model has been trained yet (fewer than 20 decisions). Advice only: the
    moderator decides.
    """
    contributions = list(contributions)
    if not contributions:
        return {}
    model = _moderation_model()
    if model is None:
        return {}
    proba = model.predict_proba([c.text for c in contributions])[:, 1]
    return {c.pk: round(float(p), 3) for c, p in zip(contributions, proba, strict=True)}


# At or above this probability the moderation queue flags a contribution as likely rejected.
REJECTION_FLAG_THRESHOLD = 0.5
_AWAITING_DECISION = (ModerationState.PENDING, ModerationState.PUBLISHED, ModerationState.HIDDEN)


def rejection_flags(contributions: Iterable[Contribution]) -> dict[int, float]:
    """The contributions the moderation model thinks moderators would likely reject, with the
    probability; only those still open to a decision (not already rejected or withdrawn)."""
    open_ones = [c for c in contributions if c.moderation_state in _AWAITING_DECISION]
    return {
        pk: risk
        for pk, risk in rejection_risk_for(open_ones).items()
        if risk >= REJECTION_FLAG_THRESHOLD
    }

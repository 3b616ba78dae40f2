"""Objects people may follow on their own (a commitment's progress), registered by their app."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class Followable:
    model: type[models.Model]
    kinds: tuple[str, ...]
    # The process the object belongs to (shown and used for the privacy statement).
    process: Callable[[models.Model], models.Model | None]
    # Objects the public may see (e.g. only published commitments).
    visible: Callable[[models.QuerySet], models.QuerySet] | None = None


_followables: dict[str, Followable] = {}


def register_followable(
    model: type[models.Model],
    *,
    kinds: tuple[str, ...] | list[str],
    process: Callable[[models.Model], models.Model | None],
    visible: Callable[[models.QuerySet], models.QuerySet] | None = None,
) -> None:
    _followables[model._meta.label] = Followable(model, tuple(kinds), process, visible)


def followable_for(model: type[models.Model] | None) -> Followable | None:
    return _followables.get(model._meta.label) if model is not None else None

"""Which objects the public may comment on, and in which process and opportunity.

Apps above contributions (commitments, plans, events…) register their commentable models in
their `wiring.py`. A comment is accepted only on a registered model, for an object whose
opportunity is open: a forged content type or id is refused, never stored.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import Http404

from coplan.processes.models import Opportunity, Process


@dataclass(frozen=True)
class Commentable:
    model: type[models.Model]
    # The process the object belongs to.
    process: Callable[[models.Model], Process]
    # The opportunity whose status and dates decide whether comments are accepted (None: never).
    opportunity: Callable[[models.Model], Opportunity | None]
    # Extra condition, e.g. "the plan version is published for review".
    accepts_comments: Callable[[models.Model], bool] | None = None
    # Objects the public may see at all (e.g. only published plan versions).
    visible: Callable[[models.QuerySet], models.QuerySet] | None = None


_registry: dict[str, Commentable] = {}


def register_commentable(
    model: type[models.Model],
    *,
    process: Callable[[models.Model], Process],
    opportunity: Callable[[models.Model], Opportunity | None],
    accepts_comments: Callable[[models.Model], bool] | None = None,
    visible: Callable[[models.QuerySet], models.QuerySet] | None = None,
) -> None:
    _registry[model._meta.label] = Commentable(
        model, process, opportunity, accepts_comments, visible
    )


def commentable_for(model: type[models.Model]) -> Commentable | None:
    return _registry.get(model._meta.label)


def resolve_target(content_type_id: int, object_id: int) -> tuple[Commentable, models.Model]:
    """The registered commentable object named by a form, or 404 (forged or hidden targets)."""
    try:
        content_type = ContentType.objects.get_for_id(content_type_id)
    except ContentType.DoesNotExist:
        raise Http404 from None
    model = content_type.model_class()
    entry = commentable_for(model) if model is not None else None
    if entry is None:
        raise Http404
    queryset = model._default_manager.all()
    if entry.visible is not None:
        queryset = entry.visible(queryset)
    try:
        target = queryset.get(pk=object_id)
    except (model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    return entry, target


def accepts_comments(entry: Commentable, target: models.Model) -> bool:
    """Open when its opportunity accepts input and any extra condition holds."""
    return accepts_comments_in(entry, target, entry.opportunity(target))


def accepts_comments_in(
    entry: Commentable, target: models.Model, opportunity: Opportunity | None
) -> bool:
    """accepts_comments, for a caller that already has the target's opportunity."""
    if opportunity is None or not opportunity.is_accepting_input():
        return False
    return entry.accepts_comments(target) if entry.accepts_comments else True

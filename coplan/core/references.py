"""Whether anything still points to a record: asked before deleting one that staff manage
(an organisation, a theme, a disposition), so that a deletion never cascades, nulls or fails
half-way on rows that depend on it."""

from __future__ import annotations

from django.db import models


def is_referenced(instance: models.Model) -> bool:
    """True when any row of any model refers to `instance`, hidden reverse relations included
    (a many-to-many's own table is one of them). One EXISTS query per relation."""
    for relation in instance._meta.get_fields(include_hidden=True):
        if not relation.auto_created or relation.concrete:
            continue
        if relation.one_to_many or relation.one_to_one:
            rows = relation.related_model._base_manager.filter(**{relation.field.name: instance})
            if rows.exists():
                return True
    return False

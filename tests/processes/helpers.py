"""Helpers shared by this app's test modules (a test module never imports another)."""

from __future__ import annotations


def _opportunity_form(opportunity, **changes) -> dict:
    data = {
        "phase": opportunity.phase_id,
        "slug": opportunity.slug,
        "kind": opportunity.kind,
        "title_en": opportunity.title_en,
        "title_fr": opportunity.title_fr,
        "description_en": opportunity.description_en,
        "description_fr": opportunity.description_fr,
        "status": opportunity.status,
        "opens_at_0": "",
        "opens_at_1": "",
        "closes_at_0": "",
        "closes_at_1": "",
        "allows_anonymous": "on",
        "position": opportunity.position,
    }
    # Fields other apps' work adds to the opportunity: posted with their current values.
    for field in opportunity._meta.concrete_fields:
        value = getattr(opportunity, field.attname)
        if field.attname in data or field.primary_key or value in (None, False):
            continue
        if field.name + "_0" not in data:
            data[field.attname] = "on" if value is True else value
    data.update(changes)
    return data

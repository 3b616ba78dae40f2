"""What the commitments views share: loading what a URL names, and the labels of compared fields."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from ..models import (
    Commitment,
    CommitmentActor,
    Milestone,
)
from ..models.commitment import COMMITMENT_TEMPLATE_FIELDS


def load_commitment(process_slug: str, identifier: str) -> Commitment:
    return get_object_or_404(
        Commitment.objects.select_related("process"),
        process__slug=process_slug,
        identifier=identifier,
    )


def load_actor(process_slug: str, identifier: str, pk: int) -> CommitmentActor:
    return get_object_or_404(
        CommitmentActor.objects.select_related("organisation", "commitment__process"),
        commitment__process__slug=process_slug,
        commitment__identifier=identifier,
        pk=pk,
    )


def load_milestone(process_slug: str, identifier: str, pk: int) -> Milestone:
    return get_object_or_404(
        Milestone.objects.select_related("responsible", "commitment__process"),
        commitment__process__slug=process_slug,
        commitment__identifier=identifier,
        pk=pk,
    )


def error_text(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def diff_labels() -> list[tuple[str, str]]:
    labels = dict(COMMITMENT_TEMPLATE_FIELDS)
    rows = []
    for key in ("title", "problem", "status_quo", "description", "how_it_helps", "relevance"):
        rows.append((f"{key}_en", _("%(field)s (English)") % {"field": labels[key]}))
        rows.append((f"{key}_fr", _("%(field)s (French)") % {"field": labels[key]}))
    rows += [
        ("ogp_values", str(labels["relevance"])),
        ("themes", str(labels["themes"])),
        ("dates", str(labels["dates"])),
        ("contact_office_en", _("%(field)s (English)") % {"field": labels["contact"]}),
        ("contact_office_fr", _("%(field)s (French)") % {"field": labels["contact"]}),
        ("contact_email", _("Office email address")),
        ("milestones_en", _("%(field)s (English)") % {"field": labels["milestones"]}),
        ("milestones_fr", _("%(field)s (French)") % {"field": labels["milestones"]}),
    ]
    return rows

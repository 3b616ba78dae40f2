"""What the plan's use cases share: only drafts change; every step goes into the history."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from coplan.accounts.models import User

from ..models import Plan, PlanEvent, PlanVersion


def require_draft(version: PlanVersion) -> None:
    if version.status != PlanVersion.Status.DRAFT:
        raise ValidationError(
            _(
                "Version %(number)s is published: its text cannot be changed. Create a new "
                "version to change the plan."
            )
            % {"number": version.number},
            code="frozen",
        )


def record(
    plan: Plan,
    kind: str,
    *,
    version: PlanVersion | None,
    actor: User | None,
    notes: tuple[str, str] = ("", ""),
) -> PlanEvent:
    return PlanEvent.objects.create(
        plan=plan, version=version, kind=kind, actor=actor, notes_en=notes[0], notes_fr=notes[1]
    )

"""Use cases of the team that builds and runs a process from the back office: create a process
with its six phases, change the phases (dates, texts, order), choose the current phase, close
the process, create and change opportunities, open or close one now.

Each function is atomic and validates everything before it writes: a refused change stores
nothing. Status changes of opportunities go through `services.opportunity_open` and
`services.opportunity_close` (recorded, announced to subscribers, cached pages dropped); the
audit log of staff writes is kept by the security middleware around the views.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import services
from .models import Opportunity, Phase, Process, StaticPage

# The six phases of the cycle, in their usual order.
PHASE_KINDS: tuple[str, ...] = tuple(Phase.Kind.values)
# Positions no phase has, where phases wait while they are renumbered.
PARKED_POSITION = 10_000


def phases_check(process: Process, phases: Sequence[Phase]) -> None:
    """Refuse phases whose dates run backwards or out of order, or outside the process.

    Phases may overlap at their edges (the seed's own cycle ran the Development phase during
    Planning), but a phase never starts before the previous one starts nor ends before it ends,
    and only the last phase may be left without an end date.
    """
    errors = []
    ordered = sorted(phases, key=lambda phase: phase.position)
    if sorted(phase.position for phase in ordered) != list(range(1, len(ordered) + 1)):
        errors.append(_("Number the phases 1 to %(count)s, each once.") % {"count": len(ordered)})
    for index, phase in enumerate(ordered):
        if phase.starts_on is None:
            errors.append(_("The phase “%(name)s” needs a start date.") % {"name": phase.name})
            continue
        errors += _dates_errors(process, phase, last=index == len(ordered) - 1)
        previous = ordered[index - 1] if index else None
        if previous is not None and previous.starts_on is not None:
            errors += _order_errors(previous, phase)
    if errors:
        raise ValidationError(errors)


def _dates_errors(process: Process, phase: Phase, *, last: bool) -> list[str]:
    """A phase's own dates: in order, within the process, an end unless it is the last."""
    names = {"name": phase.name}
    errors = []
    if phase.ends_on and phase.ends_on < phase.starts_on:
        errors.append(_("The phase “%(name)s” ends before it starts.") % names)
    if phase.ends_on is None and not last:
        errors.append(
            _("The phase “%(name)s” needs an end date: only the last may have none.") % names
        )
    if phase.starts_on < process.starts_on or (phase.ends_on and phase.ends_on > process.ends_on):
        errors.append(_("The phase “%(name)s” falls outside the dates of the process.") % names)
    return errors


def _order_errors(previous: Phase, phase: Phase) -> list[str]:
    """A phase starts and ends no earlier than the one before it."""
    pair = {"name": phase.name, "previous": previous.name}
    if phase.starts_on < previous.starts_on:
        return [_("The phase “%(name)s” starts before the phase before it, “%(previous)s”.") % pair]
    if previous.ends_on and phase.ends_on and phase.ends_on < previous.ends_on:
        return [_("The phase “%(name)s” ends before the phase before it, “%(previous)s”.") % pair]
    return []


def process_create(
    *, process_data: Mapping[str, Any], phases_data: Sequence[Mapping[str, Any]]
) -> Process:
    """A new process (upcoming) with its six phases in the usual order, or nothing at all."""
    if len(phases_data) != len(PHASE_KINDS):
        raise ValidationError(_("A process has six phases: give the six of them."))
    process = Process(status=Process.Status.UPCOMING, **process_data)
    process.full_clean()
    phases = [
        Phase(kind=kind, position=position, **data)
        for position, (kind, data) in enumerate(zip(PHASE_KINDS, phases_data, strict=True), 1)
    ]
    # The check of the whole cycle first: its messages name the phase they are about.
    phases_check(process, phases)
    for phase in phases:
        phase.full_clean(exclude=["process"], validate_constraints=False)
    with transaction.atomic():
        process.save()
        for phase in phases:
            phase.process = process
        Phase.objects.bulk_create(phases)
    return process


def process_update(*, process: Process, data: Mapping[str, Any]) -> Process:
    """Change the process's texts, dates and privacy notice; its phases must still fit."""
    for name, value in data.items():
        setattr(process, name, value)
    process.full_clean()
    phases_check(process, list(Phase.objects.filter(process=process)))
    process.save()
    return process


def phases_update(*, process: Process, changes: Mapping[int, Mapping[str, Any]]) -> list[Phase]:
    """Change the phases' texts, dates and order (position) together, checked as a whole."""
    phases = list(Phase.objects.filter(process=process).order_by("position"))
    if set(changes) != {phase.pk for phase in phases}:
        raise ValidationError(_("Give every phase of the process, and only those."))
    for phase in phases:
        for name, value in changes[phase.pk].items():
            setattr(phase, name, value)
    phases_check(process, phases)
    for phase in phases:
        phase.full_clean(exclude=["position"], validate_constraints=False)
    with transaction.atomic():
        # Positions are unique per process: park them out of the way before the new order.
        parking = Phase.objects.filter(process=process)
        for index, phase in enumerate(phases):
            parking.filter(pk=phase.pk).update(position=PARKED_POSITION + index)
        for phase in phases:
            phase.save()
    return sorted(phases, key=lambda phase: phase.position)


def process_current_phase_set(*, process: Process, phase: Phase | None) -> Process:
    """Show `phase` as the current one whatever the dates, or (None) follow the dates again."""
    if phase is not None and phase.process_id != process.pk:
        raise ValidationError(_("This phase belongs to another process."))
    process.current_phase_override = phase
    process.save(update_fields=["current_phase_override"])
    return process


def process_close(*, process: Process, today: datetime.date | None = None) -> Process:
    """Close the process today: its open opportunities close and the retention of the personal
    information it collected starts counting from today."""
    if process.status == Process.Status.COMPLETED:
        raise ValidationError(_("This process is already closed."))
    today = today or timezone.localdate()
    with transaction.atomic():
        still_open = Opportunity.objects.filter(
            phase__process=process,
            status__in=[Opportunity.Status.OPEN, Opportunity.Status.ANNOUNCED],
        )
        for opportunity in still_open:
            services.opportunity_close(opportunity=opportunity)
        process.status = Process.Status.COMPLETED
        process.completed_on = today
        process.save(update_fields=["status", "completed_on"])
    return process


def opportunity_save(
    *, phase: Phase, data: Mapping[str, Any], opportunity: Opportunity | None = None
) -> Opportunity:
    """Create an opportunity (to be announced) or change one; its status changes elsewhere.

    Its dates schedule it: the scheduler opens it at `opens_at` and closes it at `closes_at`, so
    extending an opportunity is giving it a later closing time.
    """
    opportunity = opportunity or Opportunity(status=Opportunity.Status.ANNOUNCED)
    opportunity.phase = phase
    for name, value in data.items():
        setattr(opportunity, name, value)
    opportunity.full_clean()
    # Its public address is the process's and its short name: unique in the whole process.
    clash = Opportunity.objects.filter(phase__process_id=phase.process_id, slug=opportunity.slug)
    if clash.exclude(pk=opportunity.pk).exists():
        raise ValidationError(
            {"slug": _("Another opportunity of this process already has this short name.")}
        )
    opportunity.save()
    return opportunity


def opportunity_open_now(
    *, opportunity: Opportunity, now: datetime.datetime | None = None
) -> Opportunity:
    """Open the opportunity now (its opening time becomes now if it was later)."""
    now = now or timezone.now()
    if opportunity.closes_at and opportunity.closes_at <= now:
        raise ValidationError(
            _("Its closing time has passed: give it a later closing time before opening it.")
        )
    with transaction.atomic():
        if opportunity.opens_at is None or opportunity.opens_at > now:
            opportunity.opens_at = now
            opportunity.save(update_fields=["opens_at"])
        services.opportunity_open(opportunity=opportunity)
    return opportunity


def opportunity_close_now(
    *, opportunity: Opportunity, now: datetime.datetime | None = None
) -> Opportunity:
    """Close the opportunity now (its closing time becomes now if it was later or unset)."""
    now = now or timezone.now()
    if opportunity.status == Opportunity.Status.CLOSED:
        raise ValidationError(_("This opportunity is already closed."))
    with transaction.atomic():
        if opportunity.closes_at is None or opportunity.closes_at > now:
            opportunity.closes_at = now
            if opportunity.opens_at and opportunity.opens_at >= now:
                opportunity.opens_at = None
            opportunity.save(update_fields=["opens_at", "closes_at"])
        services.opportunity_close(opportunity=opportunity)
    return opportunity


def static_page_save(*, data: Mapping[str, Any], page: StaticPage | None = None) -> StaticPage:
    """Create a static page or change one (its title and text in both languages)."""
    page = page or StaticPage()
    for name, value in data.items():
        setattr(page, name, value)
    page.full_clean()
    page.save()
    return page

"""The demo tells one true story: a completed 4th plan whose history is dated inside it, and a
current process whose dates follow today.

For every process of the demo: the current phase is the one whose dates contain today (the latest
started when phases overlap, none once the last has ended); no opportunity is "to be announced" or
open in a phase that has ended, none is open before its phase or closed before it starts; the
process's status agrees; and no recorded moment (a version, a transition, a moderation decision,
a progress update, a published report...) is in the future or outside the process's span, from
the day it was set up to the end of its last phase; a process that has ended has nothing left in
the moderation queue. The rows are found by introspection, so a new
model with a date and a path to its process is checked without changing this test.

The same checks run on two other days (time-machine) to prove the current process's dates are
relative to today while the 4th plan's are not.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterator

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.utils import timezone

from coplan.contributions.models import Contribution
from coplan.privacy.models import RetentionRun
from coplan.processes import demo as processes_demo
from coplan.processes.models import Opportunity, Phase, Process

# Moments that are planned, not recorded: sessions to come, opening and closing dates, what a
# scheduler will do next. Everything else with a date is history.
PLANNED = {
    ("events", "event", "starts_at"),
    ("events", "event", "ends_at"),
    ("processes", "opportunity", "opens_at"),
    ("processes", "opportunity", "closes_at"),
    ("surveys", "questionnaire", "closes_at"),
}
# Dates of history kept as days (DateField) rather than moments.
HISTORY_DAYS = {
    ("commitments", "progressupdate", "reported_on"),
    ("commitments", "milestone", "completed_on"),
}
MAX_DEPTH = 4


def _path_to_process(model: type[models.Model]) -> str | None:
    """The shortest lookup from `model` to its Process through foreign keys, or None."""
    queue: list[tuple[type[models.Model], str, int]] = [(model, "", 0)]
    seen = {model}
    while queue:
        current, path, depth = queue.pop(0)
        for field in current._meta.get_fields():
            if not (field.many_to_one or field.one_to_one) or not field.concrete:
                continue
            target = field.related_model
            lookup = f"{path}__{field.name}" if path else field.name
            if target is Process:
                return lookup
            if target in seen or depth + 1 >= MAX_DEPTH:
                continue
            seen.add(target)
            queue.append((target, lookup, depth + 1))
    return None


def _history_fields() -> Iterator[tuple[type[models.Model], str, str, bool]]:
    """(model, lookup to its process, field, is a day) for every dated field of history."""
    for model in apps.get_models():
        if not model.__module__.startswith("coplan."):
            continue
        label = (model._meta.app_label, model._meta.model_name)
        if model is Process:
            yield model, "pk", "created_at", False
            continue
        path = _path_to_process(model)
        if path is None:
            continue
        for field in model._meta.concrete_fields:
            key = (*label, field.name)
            if key in PLANNED or field.name.startswith(("next_", "deidentified")):
                continue
            if isinstance(field, models.DateTimeField):
                yield model, path, field.name, False
            elif isinstance(field, models.DateField) and key in HISTORY_DAYS:
                yield model, path, field.name, True


def _as_day(value: datetime.datetime | datetime.date) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date()
    return value


def story_problems() -> list[str]:
    """Every contradiction in the demo's story, as sentences (none when it holds)."""
    today = timezone.localdate()
    now = timezone.now()
    problems = []
    processes = list(Process.objects.prefetch_related("phases__opportunities"))
    for process in processes:
        phases = sorted(process.phases.all(), key=lambda phase: phase.position)
        containing = [p for p in phases if p.starts_on <= today and today <= p.ends_on]
        current = process.current_phase(phases)
        expected = max(containing, key=lambda p: (p.starts_on, p.position), default=None)
        if current != expected:
            problems.append(f"{process.slug}: current phase {current}, today is in {expected}")
        if process.current_phase_override_id:
            problems.append(f"{process.slug}: a current-phase override hides the dates")
        ended = all(phase.ends_on < today for phase in phases)
        wanted = Process.Status.COMPLETED if ended else Process.Status.ACTIVE
        if phases and phases[0].starts_on > today:
            wanted = Process.Status.UPCOMING
        if process.status != wanted:
            problems.append(f"{process.slug}: status {process.status}, its phases say {wanted}")
        pending = Contribution.objects.filter(process=process, moderation_state="pending")
        if ended and pending.exists():
            channels = sorted(set(pending.values_list("channel", flat=True)))
            problems.append(f"{process.slug}: has ended with items still to moderate: {channels}")
        for phase in phases:
            for opportunity in phase.opportunities.all():
                where = f"{process.slug}/{phase.kind}/{opportunity.slug}"
                if phase.ends_on < today and opportunity.status != Opportunity.Status.CLOSED:
                    problems.append(f"{where}: {opportunity.status} in a phase that has ended")
                if phase.starts_on > today and opportunity.status != Opportunity.Status.ANNOUNCED:
                    problems.append(f"{where}: {opportunity.status} before its phase starts")
                if phase in containing and opportunity.status == Opportunity.Status.ANNOUNCED:
                    problems.append(f"{where}: still to be announced while its phase runs")
                if opportunity.status == Opportunity.Status.OPEN:
                    if not opportunity.is_accepting_input(now):
                        problems.append(f"{where}: open but not accepting input")
    spans = {
        process.pk: (
            _as_day(process.created_at),
            min(today, max(phase.ends_on for phase in process.phases.all())),
        )
        for process in processes
    }
    for model, path, field, _is_day in _history_fields():
        rows = (
            model._default_manager.filter(**{f"{field}__isnull": False})
            .values_list(path, field)
            .iterator()
        )
        for process_pk, value in rows:
            if process_pk not in spans:
                continue
            first, last = spans[process_pk]
            if isinstance(value, datetime.datetime) and value > now:
                problems.append(f"{model.__name__}.{field} in the future")
            elif not first <= _as_day(value) <= last:
                problems.append(f"{model.__name__}.{field} outside {first} – {last}")
    return problems


def _load() -> None:
    call_command("demo", stdout=io.StringIO())


def _summary(problems: list[str]) -> str:
    """One line per kind of problem, with how many rows have it."""
    kinds: dict[str, int] = {}
    for problem in problems:
        kinds[problem] = kinds.get(problem, 0) + 1
    return "\n".join(f"{count} × {problem}" for problem, count in sorted(kinds.items()))


@pytest.mark.django_db
def test_the_demo_tells_one_story_and_loading_it_twice_changes_nothing():
    _load()
    problems = story_problems()
    assert problems == [], _summary(problems)
    past = Process.objects.get(slug=processes_demo.PAST_SLUG)
    current = Process.objects.get(slug=processes_demo.CURRENT_SLUG)
    assert past.status == Process.Status.COMPLETED and past.current_phase() is None
    assert current.current_phase().kind == Phase.Kind.DEVELOPMENT
    open_kinds = set(
        Opportunity.objects.filter(phase__process=current, status="open").values_list(
            "kind", flat=True
        )
    )
    assert {"ideas", "sessions", "questionnaire"} <= open_kinds
    # The moderation queue shows every channel, all of the running process.
    queue = Contribution.objects.filter(moderation_state="pending")
    assert set(queue.values_list("process", flat=True)) == {current.pk}
    assert {"web", "email", "social", "in_person", "questionnaire"} <= set(
        queue.values_list("channel", flat=True)
    )
    # The 4th plan ended in June 2020: its personal information is past its 18 months, and
    # the demo's retention dry run found what is due.
    assert past.retention_starts_on() == datetime.date(2020, 6, 30)
    assert RetentionRun.objects.get(kind="retention", dry_run=True).total > 0

    counts = {model: model._default_manager.count() for model in apps.get_models()}
    _load()
    again = {model: model._default_manager.count() for model in apps.get_models()}
    assert {m.__name__: (counts[m], again[m]) for m in counts if counts[m] != again[m]} == {}
    assert story_problems() == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "today",
    [
        datetime.datetime(2027, 3, 15, 15, 0, tzinfo=datetime.UTC),
        datetime.datetime(2031, 8, 1, 13, 0, tzinfo=datetime.UTC),
    ],
)
def test_the_story_holds_on_other_days(today):
    with time_machine.travel(today, tick=False):
        _load()
        problems = story_problems()
        assert problems == [], _summary(problems)
        current = Process.objects.get(slug=processes_demo.CURRENT_SLUG)
        assert current.current_phase().kind == Phase.Kind.DEVELOPMENT
        assert str(current.ends_on.year) in current.title_en
        past = Process.objects.get(slug=processes_demo.PAST_SLUG)
        assert past.ends_on == datetime.date(2020, 6, 30)

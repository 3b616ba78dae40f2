"""Periodic jobs, declared by the apps and enqueued by whichever worker claims them first.

Each app registers its periodic tasks in its wiring.py. Every worker ticks the schedule;
a job is claimed by one conditional UPDATE (next_run_at <= now → now + interval), so however many
workers run, each due job is enqueued once per interval.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import ScheduledJob

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    task_path: str
    every: timedelta


_periodic: dict[str, PeriodicJob] = {}


def register_periodic(name: str, *, task_path: str, every: timedelta) -> None:
    """Declare a task (dotted path to a django-tasks Task) to enqueue every `every`."""
    _periodic[name] = PeriodicJob(name=name, task_path=task_path, every=every)


def periodic_jobs() -> list[PeriodicJob]:
    return sorted(_periodic.values(), key=lambda job: job.name)


def tick() -> list[str]:
    """Enqueue every due periodic job this worker manages to claim; return their names."""
    now = timezone.now()
    enqueued = []
    for job in periodic_jobs():
        ScheduledJob.objects.get_or_create(name=job.name, defaults={"next_run_at": now})
        with transaction.atomic():
            claimed = ScheduledJob.objects.filter(name=job.name, next_run_at__lte=now).update(
                next_run_at=now + job.every, last_run_at=now
            )
            if not claimed:
                continue
            result = import_string(job.task_path).enqueue()
            ScheduledJob.objects.filter(name=job.name).update(last_task_id=str(result.id))
        logger.info("enqueued periodic job %s", job.name)
        enqueued.append(job.name)
    return enqueued

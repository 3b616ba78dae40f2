"""The forum block of the process page, and the stored compliance summary it shows.

The process page is the most read page of a consultation, and it must render quickly even with
every cache dropped (issue 21): computing the compliance rows takes some fifteen queries. The
block shows only their counts, stored per process (`ComplianceSummary`): a render reads one row.
The counts are computed again when they are older than a few minutes (what they count also moves
outside the forum: contributions, sessions, reports) and at once when forum data changes. The
compliance page itself always computes the rows afresh.
"""

from __future__ import annotations

import datetime

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone

from coplan.core.pagecache import bump_content_version

from . import compliance, selectors
from .models import ComplianceSummary

SUMMARY_SECONDS = 5 * 60
# Bumped by every forum change: the cached name of the stored self-assessment PDF carries it.
GENERATION_KEY = "forum:summary:generation"


def generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = 1
        cache.add(GENERATION_KEY, generation, timeout=None)
    return generation


def forum_data_changed(**kwargs) -> None:
    """Drop every stored summary, the remembered PDF names and cached pages (connected to the
    forum models' signals).

    Every summary, not only the changed forum's process: a standing forum serves every process.
    There are as many rows as processes, a handful."""
    ComplianceSummary.objects.all().delete()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)
    bump_content_version()


def compliance_summary(process, now: datetime.datetime | None = None) -> dict[str, int]:
    """The counts of met, missing and not-yet-due requirements: the stored ones while fresh
    (one query), else computed and stored."""
    now = now or timezone.now()
    stored = ComplianceSummary.objects.filter(process_id=process.pk).first()
    if stored is not None and now - stored.computed_at < datetime.timedelta(
        seconds=SUMMARY_SECONDS
    ):
        return stored.counts()
    counts = compliance.summary(compliance.compliance_rows(process, now))
    values = {
        "met": counts[compliance.MET],
        "missing": counts[compliance.MISSING],
        "not_due": counts[compliance.NOT_DUE],
        "total": counts["total"],
        "computed_at": now,
    }
    try:
        # Two renders may compute it at once: the last one stored wins, both are right.
        with transaction.atomic():
            ComplianceSummary.objects.update_or_create(process_id=process.pk, defaults=values)
    except IntegrityError:
        pass
    return counts


def process_section(process) -> dict | None:
    """The forum block (two queries while the stored summary is fresh)."""
    forum = selectors.forum_for_process(process)
    return {"process": process, "forum": forum, "summary": compliance_summary(process)}

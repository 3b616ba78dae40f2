"""The forum block of the process page, and the cached compliance summary it shows.

The process page is the most read page of a consultation; computing the compliance rows takes
some fifteen queries. The block shows only the counts, cached per process for a few minutes and
dropped at once when forum data changes (a generation number in the cache key). The compliance
page itself always computes the rows afresh.
"""

from __future__ import annotations

from django.core.cache import cache

from coplan.core.pagecache import bump_content_version

from . import compliance, selectors

SUMMARY_SECONDS = 5 * 60
GENERATION_KEY = "forum:summary:generation"


def generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = 1
        cache.add(GENERATION_KEY, generation, timeout=None)
    return generation


def forum_data_changed(**kwargs) -> None:
    """Drop every cached summary and cached page (connected to the forum models' signals)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)
    bump_content_version()


def compliance_summary(process) -> dict[str, int]:
    """The counts of met, missing and not-yet-due requirements, from the cache if fresh."""
    key = f"forum:summary:{generation()}:{process.pk}"
    summary = cache.get(key)
    if summary is None:
        summary = compliance.summary(compliance.compliance_rows(process))
        cache.set(key, summary, SUMMARY_SECONDS)
    return summary


def process_section(process) -> dict | None:
    forum = selectors.forum_for_process(process)
    return {"process": process, "forum": forum, "summary": compliance_summary(process)}

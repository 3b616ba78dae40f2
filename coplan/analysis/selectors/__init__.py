"""Reads shared by the analysis pages (fixed number of queries whatever the data). The queue
lives here: its filters, its pages (keyset, newest first) and its counts by state, kept in a
table and adjusted as analysts code; the other reads have a module each."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db.models import Count, Exists, F, Max, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from coplan.contributions.models import Contribution, ModerationState
from coplan.processes.models import Process

from .. import search as fulltext
from ..models import (
    Coding,
    QueueCounts,
)
from .codebook import codebook, codebook_with_counts, flat_codebook
from .moderation_risk import REJECTION_FLAG_THRESHOLD, rejection_flags, rejection_risk_for
from .process_reads import (
    current_quality,
    latest_topics,
    published_texts_for,
    reports_for,
    topic_candidates,
)

__all__ = [
    "QUEUE_COUNTS_MAX_AGE",
    "QUEUE_COUNT_CAP",
    "QUEUE_PAGE_SIZE",
    "REJECTION_FLAG_THRESHOLD",
    "QueueFilters",
    "QueuePage",
    "codebook",
    "codebook_with_counts",
    "coding_state",
    "current_quality",
    "flat_codebook",
    "latest_topics",
    "published_texts_for",
    "queue",
    "queue_counts",
    "queue_counts_adjust",
    "queue_counts_forget",
    "queue_page",
    "rejection_flags",
    "rejection_risk_for",
    "reports_for",
    "topic_candidates",
    "uncoded_by_process",
    "with_coding_details",
]

QUEUE_COUNTS_MAX_AGE = timedelta(minutes=2)
_LEFT_OUT = [ModerationState.REJECTED, ModerationState.WITHDRAWN]


def _contributions_fingerprint(process: Process) -> str:
    """How many contributions in each moderation state, and the newest: read from the
    (process, moderation state, received) index alone. New, moderated or removed contributions
    change it."""
    rows = (
        Contribution.objects.filter(process=process)
        .order_by()
        .values("moderation_state")
        .annotate(n=Count("pk"), newest=Max("pk"))
        .values_list("moderation_state", "n", "newest")
    )
    return ";".join(f"{state}:{n}:{newest}" for state, n, newest in sorted(rows))


def _count_queue(process: Process) -> dict[str, int]:
    base = Contribution.objects.filter(process=process).exclude(moderation_state__in=_LEFT_OUT)
    confirmed = Coding.objects.filter(contribution=OuterRef("pk"), confirmed=True)
    suggested = Coding.objects.filter(contribution=OuterRef("pk"), confirmed=False)
    return base.annotate(c=Exists(confirmed), s=Exists(suggested)).aggregate(
        total=Count("pk"),
        coded=Count("pk", filter=Q(c=True)),
        suggested=Count("pk", filter=Q(c=False, s=True)),
        in_campaigns=Count("pk", filter=~Q(duplicate_group="")),
    )


def queue_counts(process: Process) -> dict[str, int]:
    """The workspace's counters: to code, with suggestions, coded, in campaigns.

    Read from the process's QueueCounts row while it is valid (two small queries); counted
    again, in one query, when contributions arrived or were moderated, when codings changed
    other than by coding one item (which adjusts the row itself), or after two minutes.
    """
    fingerprint = _contributions_fingerprint(process)
    stored = QueueCounts.objects.filter(process=process).first()
    if (
        stored is None
        or stored.fingerprint != fingerprint
        or stored.computed_at < timezone.now() - QUEUE_COUNTS_MAX_AGE
    ):
        counted = _count_queue(process)
        stored = QueueCounts(
            process=process, fingerprint=fingerprint, computed_at=timezone.now(), **counted
        )
        # Concurrent recounts write the same figures: the last one wins.
        QueueCounts.objects.bulk_create(
            [stored],
            update_conflicts=True,
            unique_fields=["process"],
            update_fields=[
                "fingerprint",
                "total",
                "coded",
                "suggested",
                "in_campaigns",
                "computed_at",
            ],
        )
    counts = {
        "total": stored.total,
        "coded": stored.coded,
        "suggested": stored.suggested,
        "in_campaigns": stored.in_campaigns,
    }
    counts["uncoded"] = counts["total"] - counts["coded"]
    return counts


def uncoded_by_process() -> dict[int, int]:
    """{process id: contributions no person has coded yet} over every process, in one query
    (the staff home's figure; the workspace's own counters are per process)."""
    confirmed = Coding.objects.filter(contribution=OuterRef("pk"), confirmed=True)
    rows = (
        Contribution.objects.exclude(moderation_state__in=_LEFT_OUT)
        .filter(~Exists(confirmed))
        .order_by()
        .values("process_id")
        .annotate(n=Count("pk"))
        .values_list("process_id", "n")
    )
    return dict(rows)


def queue_counts_forget(process_id: int) -> None:
    """Codings or campaigns changed in bulk: the next queue page counts again."""
    QueueCounts.objects.filter(process_id=process_id).delete()


def coding_state(contribution_id: int) -> tuple[bool, bool]:
    """(coded by a person, has a suggestion) for one contribution, as the counters see it."""
    states = set(
        Coding.objects.filter(contribution_id=contribution_id)
        .values_list("confirmed", flat=True)
        .distinct()
    )
    return True in states, False in states


def queue_counts_adjust(
    *, contribution: Contribution, before: tuple[bool, bool], after: tuple[bool, bool]
) -> None:
    """One contribution changed state: move it between counters in the same transaction.

    The update is relative (F expressions), so two analysts saving at once both count.
    """
    if contribution.moderation_state in _LEFT_OUT or before == after:
        return

    def parts(state: tuple[bool, bool]) -> tuple[int, int]:
        coded, suggested = state
        return int(coded), int(suggested and not coded)

    (coded_before, suggested_before), (coded_after, suggested_after) = parts(before), parts(after)
    QueueCounts.objects.filter(process_id=contribution.process_id).update(
        coded=F("coded") + (coded_after - coded_before),
        suggested=F("suggested") + (suggested_after - suggested_before),
    )


QUEUE_PAGE_SIZE = 25
# Above this many matches a filtered queue says "more than": counting further would cost a
# walk over every matching row for a number nobody reads exactly.
QUEUE_COUNT_CAP = 1_000


@dataclass(frozen=True)
class QueueFilters:
    phase: int | None = None
    opportunity: int | None = None
    channel: str = ""
    language: str = ""
    theme: int | None = None
    state: str = ""  # "uncoded", "suggested", "coded" or ""
    campaign: str = ""  # "yes", "no" or ""
    q: str = ""


def queue(process: Process, filters: QueueFilters) -> QuerySet[Contribution]:
    """Contributions to code, newest first, with their codings and assessment in 3 queries."""
    confirmed = Coding.objects.filter(contribution=OuterRef("pk"), confirmed=True)
    suggested = Coding.objects.filter(contribution=OuterRef("pk"), confirmed=False)
    queryset = (
        Contribution.objects.filter(process=process)
        .exclude(moderation_state__in=[ModerationState.REJECTED, ModerationState.WITHDRAWN])
        .annotate(is_coded=Exists(confirmed), has_suggestion=Exists(suggested))
    )
    if filters.phase:
        queryset = queryset.filter(phase_id=filters.phase)
    if filters.opportunity:
        queryset = queryset.filter(opportunity_id=filters.opportunity)
    if filters.channel:
        queryset = queryset.filter(channel=filters.channel)
    if filters.language:
        queryset = queryset.filter(language=filters.language)
    if filters.theme:
        queryset = queryset.filter(
            Exists(Coding.objects.filter(contribution=OuterRef("pk"), theme_id=filters.theme))
        )
    if filters.state == "uncoded":
        queryset = queryset.filter(is_coded=False)
    elif filters.state == "suggested":
        queryset = queryset.filter(is_coded=False, has_suggestion=True)
    elif filters.state == "coded":
        queryset = queryset.filter(is_coded=True)
    if filters.campaign == "yes":
        queryset = queryset.exclude(duplicate_group="")
    elif filters.campaign == "no":
        queryset = queryset.filter(duplicate_group="")
    if filters.q:
        return fulltext.search(queryset, filters.q).order_by("-received_at", "-pk")
    return queryset.order_by("-received_at", "-pk")


def with_coding_details(queryset: QuerySet[Contribution]) -> QuerySet[Contribution]:
    return queryset.select_related(
        "phase",
        "opportunity",
        "assessment",
        "assessment__disposition",
        "campaign_membership__campaign",
    ).prefetch_related(
        Prefetch(
            "codings",
            queryset=Coding.objects.select_related("theme").order_by(
                "-confirmed", "-confidence", "theme__position"
            ),
        ),
    )


@dataclass
class QueuePage:
    """One page of the queue, read by (received, id) cursors instead of an offset and a count.

    `count` is exact when known cheaply (the counters, or at most QUEUE_COUNT_CAP matches);
    `count_more` says there are more than QUEUE_COUNT_CAP.
    """

    object_list: list[Contribution]
    count: int
    count_more: bool
    newer_cursor: str = ""
    older_cursor: str = ""
    is_first: bool = True

    def __iter__(self) -> Iterator[Contribution]:
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    @property
    def has_other_pages(self) -> bool:
        return bool(self.newer_cursor or self.older_cursor or not self.is_first)


def _cursor(contribution: Contribution) -> str:
    stamp = contribution.received_at
    micro = int(stamp.timestamp()) * 1_000_000 + stamp.microsecond
    return f"{micro}.{contribution.pk}"


def _parse_cursor(value: str | None) -> tuple[datetime, int] | None:
    try:
        micro, pk = (value or "").split(".")
        moment = datetime.fromtimestamp(int(micro) // 1_000_000, tz=UTC).replace(
            microsecond=int(micro) % 1_000_000
        )
        return moment, int(pk)
    except (ValueError, OverflowError, OSError):
        return None


def queue_page(
    process: Process,
    filters: QueueFilters,
    *,
    older: str | None = None,
    newer: str | None = None,
    counts: dict[str, int] | None = None,
    per_page: int = QUEUE_PAGE_SIZE,
) -> QueuePage:
    """One page of the filtered queue, newest first, in a fixed number of queries whatever
    the page: the rows after (or before) a cursor along the received index, one extra row to
    know whether another page follows."""
    queryset = queue(process, filters)
    after, before = _parse_cursor(older), _parse_cursor(newer)
    if after:
        moment, pk = after
        window = queryset.filter(received_at__lte=moment).filter(
            Q(received_at__lt=moment) | Q(pk__lt=pk)
        )
    elif before:
        moment, pk = before
        window = (
            queryset.filter(received_at__gte=moment)
            .filter(Q(received_at__gt=moment) | Q(pk__gt=pk))
            .order_by("received_at", "pk")
        )
    else:
        window = queryset
    rows = list(with_coding_details(window)[: per_page + 1])
    more = len(rows) > per_page
    if before and not more:
        # Back at the newest rows: show the first page whole rather than a short remainder.
        return queue_page(process, filters, counts=counts, per_page=per_page)
    rows = rows[:per_page]
    if before:
        rows.reverse()
    page = QueuePage(object_list=rows, count=0, count_more=False, is_first=not (after or before))
    if rows:
        if before or after:
            page.newer_cursor = _cursor(rows[0])
        if before or more:
            page.older_cursor = _cursor(rows[-1])
    elif before or after:
        page.is_first = False
    page.count, page.count_more = _queue_size(queryset, filters, counts)
    return page


def _queue_size(
    queryset: QuerySet[Contribution], filters: QueueFilters, counts: dict[str, int] | None
) -> tuple[int, bool]:
    only_state = QueueFilters(state=filters.state)
    if counts is not None and filters == only_state:
        key = {"": "total", "uncoded": "uncoded", "coded": "coded", "suggested": "suggested"}
        return counts[key[filters.state]], False
    found = queryset.order_by().values("pk")[: QUEUE_COUNT_CAP + 1].count()
    return min(found, QUEUE_COUNT_CAP), found > QUEUE_COUNT_CAP

"""Reads shared by the commitments pages and by other apps (plans, listening, open data).

Stable API for other apps:
- commitments_for_process(process): a process's commitments in plan order with their confirmed
  actors, themes and milestones prefetched (a fixed number of queries for any number);
- COMMITMENT_TEMPLATE_FIELDS: the OGP template's parts in order, (key, label);
  the include "commitments/commitment_template.html" (context: `commitment`) renders them, each
  section with id="<identifier>-<key>";
- uses_of_contribution(contribution): how a contribution was used (links with responses); the
  include "commitments/contribution_uses.html" (context: `contribution`) renders them.
"""

from __future__ import annotations

import datetime
from collections import Counter
from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from coplan.accounts.models import User
from coplan.contributions.models import Contribution, ModerationState
from coplan.processes.models import Process

from .models import (
    COMMITMENT_TEMPLATE_FIELDS,
    Amendment,
    Commitment,
    CommitmentActor,
    CommitmentTransition,
    CommitmentVersion,
    ContributionLink,
    Milestone,
    MilestoneEvidence,
    MilestoneStatus,
    PartnershipStatus,
    ProgressUpdate,
    Status,
)
from .models.tracking import FINISHED_MILESTONE_STATUSES

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

__all__ = [
    "COMMITMENT_TEMPLATE_FIELDS",
    "commitments_for_process",
    "uses_of_contribution",
]


def _milestones_queryset() -> QuerySet[Milestone]:
    return Milestone.objects.select_related("responsible").order_by("position", "pk")


def _public_actors_prefetch() -> Prefetch[str, QuerySet[CommitmentActor]]:
    return Prefetch(
        "actors",
        queryset=CommitmentActor.objects.filter(status=PartnershipStatus.CONFIRMED)
        .select_related("organisation")
        .order_by("position", "pk"),
        to_attr="public_actors",
    )


def commitments_for_process(
    process: Process,
    *,
    statuses: list[str] | None = None,
    milestones: QuerySet[Milestone] | None = None,
) -> QuerySet[Commitment]:
    """A process's commitments in plan order, ready to render the full template (4 queries)."""
    return _commitments_to_render(
        Commitment.objects.filter(process=process), statuses=statuses, milestones=milestones
    )


def _commitments_to_render(
    queryset: QuerySet[Commitment],
    *,
    statuses: list[str] | None = None,
    milestones: QuerySet[Milestone] | None = None,
) -> QuerySet[Commitment]:
    queryset = (
        queryset.select_related("process")
        .prefetch_related(
            _public_actors_prefetch(),
            "themes",
            Prefetch(
                "milestones",
                # Not `milestones or ...`: testing a queryset's truth runs it.
                queryset=milestones if milestones is not None else _milestones_queryset(),
            ),
        )
        .order_by("position", "identifier")
    )
    if statuses is not None:
        queryset = queryset.filter(status__in=statuses)
    return queryset


def commitment_list(
    process: Process,
    *,
    theme: str = "",
    lead: str = "",
    status: str = "",
    ogp_value: str = "",
) -> QuerySet[Commitment]:
    """The public list with its filters (theme slug, lead organisation slug, status, OGP value)."""
    queryset = commitments_for_process(process)
    if theme:
        queryset = queryset.filter(themes__slug=theme)
    if lead:
        queryset = queryset.filter(
            actors__organisation__slug=lead, actors__kind="lead", actors__status="confirmed"
        )
    if status:
        queryset = queryset.filter(status=status)
    if ogp_value:
        # JSON list membership without database-specific operators: the values are known words.
        queryset = queryset.filter(ogp_values__icontains=f'"{ogp_value}"')
    return queryset.distinct()


def process_by_slug(slug: str) -> Process:
    return get_object_or_404(Process, slug=slug)


def commitment_for_page(process_slug: str, identifier: str) -> Commitment:
    """One commitment with everything its page shows (a fixed number of queries)."""
    milestones = _milestones_queryset().prefetch_related(
        Prefetch(
            "updates",
            queryset=ProgressUpdate.objects.select_related("organisation").order_by(
                "-reported_on", "-pk"
            ),
        ),
        Prefetch("evidence", queryset=MilestoneEvidence.objects.order_by("pk")),
    )
    # The process is read with the commitment (not first by its slug): one query fewer.
    return get_object_or_404(
        _commitments_to_render(
            Commitment.objects.filter(process__slug=process_slug), milestones=milestones
        ),
        identifier=identifier,
    )


def versions_of(commitment: Commitment) -> list[CommitmentVersion]:
    """All versions, newest first, without their content (the history list)."""
    return list(
        commitment.versions.select_related("organisation", "amendment")
        .defer("data")
        .order_by("-number")
    )


def version_pair(
    commitment: Commitment, first: int, second: int
) -> tuple[CommitmentVersion, CommitmentVersion] | None:
    versions = {
        version.number: version
        for version in commitment.versions.filter(number__in=[first, second]).select_related(
            "organisation"
        )
    }
    if first not in versions or second not in versions:
        return None
    return versions[first], versions[second]


def transitions_of(commitment: Commitment) -> list[CommitmentTransition]:
    return list(commitment.transitions.select_related("organisation").order_by("at", "pk"))


def public_amendments(commitment: Commitment) -> list[Amendment]:
    """Amendments the public may read: their contribution was published by moderation."""
    return list(
        commitment.amendments.filter(contribution__moderation_state=ModerationState.PUBLISHED)
        .select_related("contribution")
        .order_by("-created_at", "-pk")
    )


def amendments_for_editors(commitment: Commitment) -> list[Amendment]:
    return list(
        commitment.amendments.select_related("contribution", "author").order_by(
            "status", "-created_at", "-pk"
        )
    )


def sources_of(commitment: Commitment, *, public: bool = True) -> list[ContributionLink]:
    """“What we heard that led here”: contributions linked to the commitment, main ones first."""
    links = commitment.contribution_links.select_related("contribution")
    if public:
        links = links.filter(contribution__moderation_state=ModerationState.PUBLISHED)
    return list(links.order_by("relation", "-linked_at"))


def uses_of_contribution(contribution: Contribution) -> list[ContributionLink]:
    """How a contribution was used: the commitments it inspired, with the reasoned responses."""
    return list(
        ContributionLink.objects.filter(contribution=contribution)
        .select_related("commitment", "commitment__process")
        .order_by("relation", "commitment__position")
    )


def actors_for_editors(commitment: Commitment) -> list[CommitmentActor]:
    return list(
        commitment.actors.select_related("organisation", "responded_by").order_by("position", "pk")
    )


def open_invitations(user: User) -> list[CommitmentActor]:
    """Partnership invitations awaiting the user's organisation."""
    if not user.organisation_id:
        return []
    return list(
        CommitmentActor.objects.filter(
            organisation_id=user.organisation_id, status=PartnershipStatus.INVITED
        ).select_related("commitment", "commitment__process", "organisation")
    )


def milestone_for_page(commitment: Commitment, pk: int) -> Milestone:
    return get_object_or_404(
        Milestone.objects.select_related("commitment", "commitment__process", "responsible")
        .prefetch_related(
            Prefetch(
                "updates",
                queryset=ProgressUpdate.objects.select_related("organisation").order_by(
                    "-reported_on", "-pk"
                ),
            ),
            "evidence",
        )
        .filter(commitment=commitment),
        pk=pk,
    )


# Dashboard and summaries --------------------------------------------------------------------


def status_counts(process: Process) -> list[tuple[str, StrOrPromise, int]]:
    """(status, label, count) for every lifecycle status, in lifecycle order (one query)."""
    counts = Counter(
        dict(
            Commitment.objects.filter(process=process)
            # No ordering: the model's default would join the GROUP BY and split each status.
            .order_by()
            .values_list("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
        )
    )
    return [(status.value, status.label, counts.get(status.value, 0)) for status in Status]


def milestone_counts(process: Process, today: datetime.date | None = None) -> dict[str, int]:
    """Milestones by status, with the overdue count and the total (one query)."""
    today = today or timezone.localdate()
    overdue_q = Q(ends_on__lt=today) & ~Q(status__in=FINISHED_MILESTONE_STATUSES)
    aggregates = {
        f"status_{status.value}": Count("pk", filter=Q(status=status.value))
        for status in MilestoneStatus
    }
    row = Milestone.objects.filter(commitment__process=process).aggregate(
        total=Count("pk"), overdue=Count("pk", filter=overdue_q), **aggregates
    )
    return {
        "total": row["total"],
        "overdue": row["overdue"],
        "by_status": [
            (status.value, status.label, row[f"status_{status.value}"])
            for status in MilestoneStatus
        ],
    }


def completion_over_time(process: Process) -> list[tuple[str, int, int]]:
    """Per quarter: milestones completed in it and completed so far (one query)."""
    dates = (
        Milestone.objects.filter(
            commitment__process=process,
            status=MilestoneStatus.COMPLETED,
            completed_on__isnull=False,
        )
        .order_by("completed_on")
        .values_list("completed_on", flat=True)
    )
    per_quarter: Counter[tuple[int, int]] = Counter(
        (day.year, (day.month - 1) // 3 + 1) for day in dates if day is not None
    )
    if not per_quarter:
        return []
    first, last = min(per_quarter), max(per_quarter)
    rows, total = [], 0
    year, quarter = first
    while (year, quarter) <= last:
        count = per_quarter.get((year, quarter), 0)
        total += count
        rows.append((_("Q%(quarter)s %(year)s") % {"quarter": quarter, "year": year}, count, total))
        quarter += 1
        if quarter > 4:
            year, quarter = year + 1, 1
    return rows


def overdue_milestones(process: Process, today: datetime.date | None = None) -> list[Milestone]:
    return list(
        Milestone.objects.overdue(today)
        .filter(commitment__process=process)
        .select_related("commitment", "commitment__process", "responsible")
        .order_by("ends_on", "pk")
    )


def process_summary(
    process: Process, today: datetime.date | None = None
) -> dict[str, object] | None:
    """The commitments block of the process page, or None without commitments: one query, the
    commitments counted by status with their milestones' counts (the same figures as
    `status_counts` and `milestone_counts`, which the dashboard reads in two)."""
    today = today or timezone.localdate()
    overdue_q = Q(milestones__ends_on__lt=today) & ~Q(
        milestones__status__in=FINISHED_MILESTONE_STATUSES
    )
    per_status = {
        f"milestones_{status.value}": Count("milestones", filter=Q(milestones__status=status.value))
        for status in MilestoneStatus
    }
    rows = list(
        Commitment.objects.filter(process=process)
        .order_by()
        .values("status")
        .annotate(
            commitments=Count("pk", distinct=True),
            milestones_total=Count("milestones"),
            milestones_overdue=Count("milestones", filter=overdue_q),
            **per_status,
        )
    )
    counts = Counter({row["status"]: row["commitments"] for row in rows})
    total = sum(counts.values())
    if not total:
        return None

    def milestones(name: str) -> int:
        key = f"milestones_{name}"
        total = 0
        for row in rows:
            total += int(row[key])  # type: ignore[literal-required]
        return total

    statuses = [(status.value, status.label, counts.get(status.value, 0)) for status in Status]
    return {
        "process": process,
        "total": total,
        "statuses": [row for row in statuses if row[2]],
        "milestones": {
            "total": milestones("total"),
            "overdue": milestones("overdue"),
            "by_status": [
                (status.value, status.label, milestones(status.value)) for status in MilestoneStatus
            ],
        },
    }

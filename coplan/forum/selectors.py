"""Reads shared by the forum pages, each in a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import CharField, Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Cast, Coalesce, NullIf
from django.http import Http404
from django.utils import timezone

from coplan.contributions.models import Contribution, ModerationState
from coplan.processes.models import Phase, Process

from .models import (
    PUBLIC_MEETING_STATUSES,
    SIX_MONTHS,
    Attendance,
    Forum,
    ForumMember,
    Lesson,
    Meeting,
    MeetingStatus,
)


def process_by_slug(slug: str) -> Process:
    """The process, with its phases loaded once."""
    try:
        return Process.objects.prefetch_related("phases").get(slug=slug)
    except Process.DoesNotExist as missing:
        raise Http404 from missing


def forum_for_process(process: Process) -> Forum | None:
    """The process's own forum, else the standing forum (one without a process)."""
    forums = list(
        Forum.objects.filter(Q(process=process) | Q(process__isnull=True)).order_by(
            F("process").asc(nulls_last=True), "pk"
        )[:1]
    )
    return forums[0] if forums else None


def members(forum: Forum, today: datetime.date | None = None) -> dict[str, list[ForumMember]]:
    """Current and past members, co-chairs first, with their organisations."""
    today = today or timezone.localdate()
    rows = ForumMember.objects.filter(forum=forum).select_related("organisation")
    order = {"co_chair": 0, "member": 1, "observer": 2}
    current: list[ForumMember] = []
    past: list[ForumMember] = []
    for member in sorted(rows, key=lambda m: (order.get(m.role, 9), m.name.lower(), m.pk)):
        (current if member.is_current(today) else past).append(member)
    return {"current": current, "past": past}


def public_meetings(forum: Forum) -> QuerySet[Meeting]:
    return Meeting.objects.filter(forum=forum, status__in=PUBLIC_MEETING_STATUSES)


def meeting_detail(forum: Forum, pk: int, *, public: bool) -> Meeting:
    """A meeting with its attendance and documents (public: published meetings only)."""
    queryset = Meeting.objects.filter(forum=forum).prefetch_related(
        Prefetch(
            "attendance",
            queryset=Attendance.objects.select_related("member__organisation").order_by(
                "member__name", "pk"
            ),
        ),
        "documents",
    )
    if public:
        queryset = queryset.filter(status__in=PUBLIC_MEETING_STATUSES)
    try:
        return queryset.get(pk=pk)
    except Meeting.DoesNotExist as missing:
        raise Http404 from missing


@dataclass(frozen=True)
class MeetingRegularity:
    last_held: datetime.datetime | None
    overdue: bool
    days_since: int | None


def meeting_regularity(forum: Forum, now: datetime.datetime | None = None) -> MeetingRegularity:
    """When the forum last met (minutes published) and whether six months have gone by since."""
    now = now or timezone.now()
    last = (
        Meeting.objects.filter(
            forum=forum, status=MeetingStatus.MINUTES_PUBLISHED, held_at__lte=now
        )
        .order_by("-held_at")
        .values_list("held_at", flat=True)
        .first()
    )
    if last is None:
        return MeetingRegularity(last_held=None, overdue=True, days_since=None)
    return MeetingRegularity(
        last_held=last, overdue=now - last > SIX_MONTHS, days_since=(now - last).days
    )


def published_lessons(process: Process) -> QuerySet[Lesson]:
    return (
        Lesson.objects.filter(process=process)
        .exclude(published_at=None)
        .select_related("phase")
        .order_by("phase__position", "recorded_at", "pk")
    )


def final_plan_published(process: Process) -> bool:
    from coplan.plans.models import PlanVersion

    return PlanVersion.objects.filter(
        plan__process=process, status=PlanVersion.Status.FINAL
    ).exists()


def phase_of_kind(phases: list[Phase], kind: str) -> Phase | None:
    return next((phase for phase in phases if phase.kind == kind), None)


# Reasoned-response coverage ------------------------------------------------------------------


def voice_key() -> Coalesce:
    """One key per voice: the campaign group, else the contribution itself (campaigns once)."""
    return Coalesce(NullIf(F("duplicate_group"), Value("")), Cast("pk", CharField()))


def answered_condition(prefix: str = "") -> Q:
    """A disposition and a reasoned response in at least one language."""
    return Q(**{f"{prefix}assessment__disposition__isnull": False}) & (
        Q(**{f"{prefix}assessment__response_en__gt": ""})
        | Q(**{f"{prefix}assessment__response_fr__gt": ""})
    )


def _published(process: Process) -> QuerySet[Contribution]:
    return Contribution.objects.filter(process=process, moderation_state=ModerationState.PUBLISHED)


def _share(part: int, whole: int) -> int:
    return round(part * 100 / whole) if whole else 0


def coverage(process: Process) -> dict[str, Any]:
    """Share of published contributions, and of voices (a campaign once), with a response.

    A campaign counts as answered when any of its contributions is answered: the team answers a
    form letter once.
    """
    base = _published(process)
    answered = answered_condition()
    totals = base.aggregate(
        contributions=Count("pk"),
        contributions_answered=Count("pk", filter=answered),
        voices=Count(voice_key(), distinct=True),
        voices_answered=Count(voice_key(), distinct=True, filter=answered),
    )
    totals["contributions_percent"] = _share(
        totals["contributions_answered"], totals["contributions"]
    )
    totals["voices_percent"] = _share(totals["voices_answered"], totals["voices"])
    phase = ("phase_id", "phase__name_en", "phase__name_fr", "phase__position")
    by_phase = _voices_answered(base, phase, order="phase__position")
    theme = "assessment__primary_theme"
    by_theme = _voices_answered(
        base, (f"{theme}_id", f"{theme}__name_en", f"{theme}__name_fr"), order=f"{theme}__name_en"
    )
    return {"totals": totals, "by_phase": by_phase, "by_theme": by_theme}


def _voices_answered(
    base: QuerySet[Contribution], group: tuple[str, ...], *, order: str
) -> list[dict[str, Any]]:
    """Per group (the values named, `order` among them): its voices, how many are answered,
    and that share in percent."""
    rows = list(
        base.values(*group)
        .annotate(
            total=Count(voice_key(), distinct=True),
            answered=Count(voice_key(), distinct=True, filter=answered_condition()),
        )
        .order_by(order)
    )
    for row in rows:
        row["percent"] = _share(row["answered"], row["total"])
    return rows


def lacking_response(process: Process) -> QuerySet[Contribution]:
    """Published voices still without a response: one row per contribution, a campaign once."""
    base = _published(process)
    group_answered = base.filter(duplicate_group=OuterRef("duplicate_group")).filter(
        answered_condition()
    )
    earlier_in_group = base.filter(
        duplicate_group=OuterRef("duplicate_group"), pk__lt=OuterRef("pk")
    )
    return (
        base.exclude(answered_condition())
        .annotate(
            group_answered=Exists(group_answered),
            earlier=Exists(earlier_in_group),
        )
        .filter(Q(duplicate_group="") | (Q(group_answered=False) & Q(earlier=False)))
        .select_related("phase")
        .only(
            "pk",
            "title",
            "redacted_title",
            "redacted_text",
            "text",
            "language",
            "received_at",
            "duplicate_group",
            "phase__name_en",
            "phase__name_fr",
            "kind",
        )
        .order_by("received_at", "pk")
    )

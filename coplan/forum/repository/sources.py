"""Where the repository's entries come from: one source per kind of record (opportunity status
changes, questionnaire results, session summaries, plan versions, What We Heard reports, data
set versions, forum agendas and minutes, progress reports, lessons learned). Each reads its
newest entries in one query, and counts them in another; filters (phase, type) apply inside."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coplan.analysis.models import Report
from coplan.commitments.models import ProgressUpdate
from coplan.core.dates import date_format
from coplan.events.models import Event
from coplan.opendata.models import DataSetVersion
from coplan.plans.models import PlanVersion
from coplan.processes.models import OpportunityStatusChange, Phase, Process
from coplan.surveys.models import Questionnaire

from ..models import Lesson, Meeting, MeetingStatus
from ..selectors import forum_for_process


@dataclass
class Entry:
    key: str
    kind: str
    title: str
    link: str
    when: datetime.datetime
    phase: Phase | None


def _midday(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def _date_phase(phases: list[Phase], when: datetime.datetime) -> Phase | None:
    day = timezone.localtime(when).date()
    found = None
    for phase in phases:
        if phase.starts_on <= day and (phase.ends_on is None or day <= phase.ends_on):
            found = phase
    return found


@dataclass(frozen=True)
class Source:
    kind: str
    label: str
    # (process, phase or None, limit) -> entries, newest first, one query.
    read: Callable[[Process, list[Phase], Phase | None, int], list[Entry]]
    # (process, phase or None) -> how many, one query.
    count: Callable[[Process, list[Phase], Phase | None], int]


def _by_phase_fk(queryset, phase: Phase | None, path: str):
    return queryset.filter(**{path: phase}) if phase is not None else queryset


# Sources -------------------------------------------------------------------------------------


def _announcements(process, phases, phase):

    queryset = OpportunityStatusChange.objects.filter(
        opportunity__phase__process=process
    ).select_related("opportunity__phase")
    return _by_phase_fk(queryset, phase, "opportunity__phase")


def _read_announcements(process, phases, phase, limit):
    rows = _announcements(process, phases, phase).order_by("-changed_at", "-pk")[:limit]
    entries = []
    for change in rows:
        opportunity = change.opportunity
        if change.to_status == "open":
            title = _("Opened: %(title)s") % {"title": opportunity.title}
        else:
            title = _("Closed: %(title)s") % {"title": opportunity.title}
        entries.append(
            Entry(
                key=f"status-{change.pk}",
                kind="announcement",
                title=title,
                link=reverse(
                    "processes:opportunity",
                    kwargs={"slug": process.slug, "opportunity_slug": opportunity.slug},
                ),
                when=change.changed_at,
                phase=opportunity.phase,
            )
        )
    return entries


def _questionnaires(process, phases, phase):

    queryset = Questionnaire.objects.filter(
        opportunity__phase__process=process,
        results_visibility=Questionnaire.ResultsVisibility.PUBLIC,
        opportunity__status="closed",
    ).select_related("opportunity__phase")
    queryset = queryset.annotate(
        published=_coalesce("closes_at", "opportunity__closes_at", "created_at")
    )
    return _by_phase_fk(queryset, phase, "opportunity__phase")


def _coalesce(*fields: str):

    return Coalesce(*fields)


def _events(process, phases, phase):

    queryset = (
        Event.objects.public()
        .filter(opportunity__phase__process=process, ends_at__lte=timezone.now())
        .filter(Q(summary_en__gt="") | Q(summary_fr__gt=""))
        .select_related("opportunity__phase")
    )
    return _by_phase_fk(queryset, phase, "opportunity__phase")


def _opportunity_records(
    build: Callable[..., QuerySet], when: str, kind: str, title: Promise, url: str
) -> Callable[..., list[Entry]]:
    """How records of an opportunity named by their title are read (questionnaire results,
    session summaries): newest first by `when`, linked by their pk, in the opportunity's phase."""

    def read(process, phases, phase, limit):
        rows = build(process, phases, phase).order_by(f"-{when}", "-pk")[:limit]
        return [
            Entry(
                key=f"{kind}-{row.pk}",
                kind=kind,
                title=title % {"title": row.title},
                link=reverse(url, kwargs={"pk": row.pk}),
                when=getattr(row, when),
                phase=row.opportunity.phase,
            )
            for row in rows
        ]

    return read


def _plans(process, phases, phase):

    queryset = PlanVersion.objects.filter(
        plan__process=process, status__in=PlanVersion.PUBLISHED
    ).exclude(published_at=None)
    return queryset.filter(_range_on(phase, "published_at")) if phase is not None else queryset


def _read_plans(process, phases, phase, limit):
    rows = _plans(process, phases, phase).order_by("-published_at", "-pk")[:limit]
    entries = []
    for version in rows:
        if version.was_final:
            title = _("Final plan: %(title)s") % {"title": version.title}
        else:
            title = _("Draft plan for review: %(title)s") % {"title": version.title}
        entries.append(
            Entry(
                key=f"plan-{version.pk}",
                kind="plan",
                title=title,
                link=reverse(
                    "plans:version", kwargs={"slug": process.slug, "number": version.number}
                ),
                when=version.published_at,
                phase=_date_phase(phases, version.published_at),
            )
        )
    return entries


def _reports(process, phases, phase):

    queryset = Report.objects.filter(process=process, status=Report.Status.PUBLISHED).exclude(
        published_at=None
    )
    if phase is not None:
        queryset = queryset.filter(
            Q(phase=phase) | (Q(phase=None) & _range_on(phase, "published_at"))
        )
    return queryset


def _range_on(phase: Phase, field: str) -> Q:
    start = _midday(phase.starts_on) - datetime.timedelta(hours=12)
    condition = Q(**{f"{field}__gte": start})
    if phase.ends_on:
        end = start + datetime.timedelta(days=(phase.ends_on - phase.starts_on).days + 1)
        condition &= Q(**{f"{field}__lt": end})
    return condition


def _read_reports(process, phases, phase, limit):
    rows = _reports(process, phases, phase).order_by("-published_at", "-pk")[:limit]
    by_pk = {p.pk: p for p in phases}
    return [
        Entry(
            key=f"report-{report.pk}",
            kind="report",
            title=_("What We Heard report of %(date)s")
            % {"date": date_format(timezone.localtime(report.published_at))},
            link=reverse("analysis:report", kwargs={"pk": report.pk}),
            when=report.published_at,
            phase=by_pk.get(report.phase_id) or _date_phase(phases, report.published_at),
        )
        for report in rows
    ]


def _datasets(process, phases, phase):

    queryset = DataSetVersion.objects.published().filter(process=process).exclude(published_at=None)
    return queryset.filter(_range_on(phase, "published_at")) if phase is not None else queryset


def _read_datasets(process, phases, phase, limit):
    rows = _datasets(process, phases, phase).order_by("-published_at", "-pk")[:limit]
    return [
        Entry(
            key=f"dataset-{dataset.pk}",
            kind="dataset",
            title=_("Data set: %(title)s") % {"title": str(dataset)},
            link=reverse(
                "opendata:version",
                kwargs={"slug": process.slug, "kind": dataset.kind, "number": dataset.number},
            ),
            when=dataset.published_at,
            phase=_date_phase(phases, dataset.published_at),
        )
        for dataset in rows
    ]


def _minutes(process, phases, phase):

    forum = forum_for_process(process)
    if forum is None:
        return Meeting.objects.none()
    queryset = Meeting.objects.filter(forum=forum, status=MeetingStatus.MINUTES_PUBLISHED)
    return (
        queryset.filter(_range_on(phase, "minutes_published_at")) if phase is not None else queryset
    )


def _read_minutes(process, phases, phase, limit):
    rows = _minutes(process, phases, phase).order_by("-minutes_published_at", "-pk")[:limit]
    return [
        Entry(
            key=f"minutes-{meeting.pk}",
            kind="minutes",
            title=_("Forum minutes: %(title)s") % {"title": meeting.title},
            link=reverse("forum:meeting", kwargs={"slug": process.slug, "pk": meeting.pk}),
            when=meeting.minutes_published_at,
            phase=_date_phase(phases, meeting.minutes_published_at),
        )
        for meeting in rows
    ]


def _progress(process, phases, phase):

    queryset = ProgressUpdate.objects.filter(milestone__commitment__process=process).select_related(
        "milestone__commitment", "organisation"
    )
    return queryset.filter(_range_on(phase, "created_at")) if phase is not None else queryset


def _read_progress(process, phases, phase, limit):
    rows = _progress(process, phases, phase).order_by("-created_at", "-pk")[:limit]
    entries = []
    for update in rows:
        commitment = update.milestone.commitment
        entries.append(
            Entry(
                key=f"progress-{update.pk}",
                kind="progress",
                title=_("Progress report on commitment %(identifier)s by %(organisation)s")
                % {"identifier": commitment.identifier, "organisation": update.organisation.name},
                link=reverse(
                    "commitments:milestone",
                    kwargs={
                        "process_slug": process.slug,
                        "identifier": commitment.identifier,
                        "pk": update.milestone_id,
                    },
                ),
                when=update.created_at,
                phase=_date_phase(phases, update.created_at),
            )
        )
    return entries


def _lessons(process, phases, phase):

    queryset = Lesson.objects.filter(process=process).exclude(published_at=None)
    return _by_phase_fk(queryset, phase, "phase")


def _read_lessons(process, phases, phase, limit):
    rows = (
        _lessons(process, phases, phase)
        .select_related("phase")
        .order_by("-published_at", "-pk")[:limit]
    )
    return [
        Entry(
            key=f"lesson-{lesson.pk}",
            kind="lesson",
            title=_("Lesson learned: %(lesson)s") % {"lesson": lesson.lesson[:120]},
            link=reverse("forum:lessons", kwargs={"slug": process.slug}) + f"#lesson-{lesson.pk}",
            when=lesson.published_at,
            phase=lesson.phase,
        )
        for lesson in rows
    ]


def _counter(build):
    return lambda process, phases, phase: build(process, phases, phase).count()


SOURCES: tuple[Source, ...] = (
    Source(
        "announcement", gettext_lazy("Announcements"), _read_announcements, _counter(_announcements)
    ),
    Source(
        "questionnaire",
        gettext_lazy("Questionnaire results"),
        _opportunity_records(
            _questionnaires,
            "published",
            "questionnaire",
            gettext_lazy("Questionnaire results: %(title)s"),
            "surveys:results",
        ),
        _counter(_questionnaires),
    ),
    Source(
        "event",
        gettext_lazy("Session summaries"),
        _opportunity_records(
            _events,
            "ends_at",
            "event",
            gettext_lazy("Session summary: %(title)s"),
            "events:detail",
        ),
        _counter(_events),
    ),
    Source("plan", gettext_lazy("Draft and final plans"), _read_plans, _counter(_plans)),
    Source("report", gettext_lazy("What We Heard reports"), _read_reports, _counter(_reports)),
    Source("dataset", gettext_lazy("Data sets"), _read_datasets, _counter(_datasets)),
    Source("minutes", gettext_lazy("Forum minutes"), _read_minutes, _counter(_minutes)),
    Source("progress", gettext_lazy("Progress reports"), _read_progress, _counter(_progress)),
    Source("lesson", gettext_lazy("Lessons learned"), _read_lessons, _counter(_lessons)),
)
SOURCE_KINDS = {source.kind: source for source in SOURCES}

"""How far the process meets the OGP minimum requirements (requirements.py).

Each requirement is a row whose status is computed from the system's records (or from evidence
that staff attached for what happened outside it), never ticked by hand:
- met: the records (or attached evidence) show it;
- missing: it is due and nothing shows it;
- not yet due: the phase it belongs to has not started.
One check per requirement reads the records and answers whether they show it met, with the
evidence found (a sentence and a link).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coplan.analysis.models import Report
from coplan.commitments.models import ProgressUpdate
from coplan.contributions.models import Contribution, ModerationState
from coplan.core.dates import date_format
from coplan.events.models import Event
from coplan.notifications.models import Announcement
from coplan.processes.models import Opportunity, OpportunityStatusChange, Process

from . import repository, selectors
from .models import Evidence, Forum, Meeting, MeetingStatus, Sector
from .requirements import REQUIREMENTS, REQUIREMENTS_BY_CODE, Requirement

__all__ = ["MET", "MISSING", "NOT_DUE", "REQUIREMENTS", "REQUIREMENTS_BY_CODE", "Row"]

MET = "met"
MISSING = "missing"
NOT_DUE = "not_due"
# The co-creation timeline must be public at least this long before co-creation starts.
ADVANCE_NOTICE = datetime.timedelta(days=14)
# Minutes count as late when a meeting held this long ago still has none.
MINUTES_GRACE = datetime.timedelta(days=30)
# Announcements the forum itself makes (services.py).
FORUM_ANNOUNCEMENT_KINDS = ("forum_minutes_published", "lessons_published")

# What a check found: whether the records show the requirement met, and the evidence seen
# (a sentence and a link), which may be shown even when it does not yet suffice.
Finding = tuple[bool, list[tuple[str, str]]]
NOTHING: Finding = (False, [])


@dataclass
class Row:
    requirement: Requirement
    status: str
    evidence: list[tuple[str, str]] = field(default_factory=list)  # (text, link)
    attached: list = field(default_factory=list)

    @property
    def met(self) -> bool:
        return self.status == MET


@dataclass
class _Records:
    """What the checks read, gathered once: the process, its phases and its forum."""

    process: Process
    now: datetime.datetime
    phases: list
    forum: Forum | None
    coverage: dict | None
    # Seats held today by sector, and meetings held so far (pk, held_at, status), oldest first.
    seats: dict = field(default_factory=dict)
    meetings: list = field(default_factory=list)

    @property
    def today(self) -> datetime.date:
        return timezone.localdate(self.now)

    @property
    def minuted(self) -> list[datetime.datetime]:
        """When the meetings whose minutes are published were held."""
        published = MeetingStatus.MINUTES_PUBLISHED
        return [held_at for _pk, held_at, status in self.meetings if status == published]

    def url(self, name: str, anchor: str = "") -> str:
        return reverse(name, kwargs={"slug": self.process.slug}) + anchor


def _records(process: Process, now: datetime.datetime, coverage: dict | None) -> _Records:
    forum = selectors.forum_for_process(process)
    records = _Records(process, now, list(process.phases.all()), forum, coverage)
    if forum is not None:
        today = records.today
        seated = forum.members.filter(term_start__lte=today).exclude(term_end__lt=today)
        records.seats = dict(seated.values_list("sector").annotate(n=Count("pk")))
        held = Meeting.objects.filter(forum=forum, held_at__lte=now).order_by("held_at")
        records.meetings = list(held.values_list("pk", "held_at", "status"))
    return records


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


# Standard 1: space for dialogue -------------------------------------------------------------


def _forum_of_both_sides(records: _Records) -> Finding:
    """1.1: government and civil society both sit on the forum."""
    government = records.seats.get(Sector.GOVERNMENT, 0)
    civil = records.seats.get(Sector.CIVIL_SOCIETY, 0)
    if not (government and civil):
        return NOTHING
    text = _("%(government)s government and %(civil)s civil-society members sit on the forum.") % {
        "government": government,
        "civil": civil,
    }
    return True, [(text, records.url("forum:home"))]


def _forum_meets_regularly(records: _Records) -> Finding:
    """1.2: no gap of more than six months without a minuted meeting, up to today."""
    held = records.minuted
    if not held:
        return NOTHING
    start = max(_start_of(records.process.starts_on), min(held))
    gaps = [b - a for a, b in zip([start, *held], [*held, records.now], strict=True)]
    text = _("Last meeting with published minutes: %(date)s.") % {
        "date": date_format(timezone.localtime(held[-1]))
    }
    return max(gaps) <= selectors.SIX_MONTHS, [(text, records.url("forum:home", "#meetings"))]


def _forum_rules_public(records: _Records) -> Finding:
    """1.3: terms of reference and participation rules in both languages, and members."""
    forum = records.forum
    seated = records.seats.get(Sector.GOVERNMENT) or records.seats.get(Sector.CIVIL_SOCIETY)
    if forum is None or not seated:
        return NOTHING
    texts = ("terms_of_reference", "participation_rules")
    if not all(getattr(forum, f"{name}_{lang}") for name in texts for lang in ("en", "fr")):
        return NOTHING
    text = _("Terms of reference and participation rules are published.")
    return True, [(text, records.url("forum:terms"))]


def _minutes_published(records: _Records) -> Finding:
    """1.4: every meeting held more than MINUTES_GRACE ago has its minutes published."""
    held = records.minuted
    late = [
        pk
        for pk, held_at, status in records.meetings
        if status != MeetingStatus.MINUTES_PUBLISHED and records.now - held_at > MINUTES_GRACE
    ]
    if not held or late:
        return NOTHING
    text = _("Minutes of %(count)s meetings are published.") % {"count": len(held)}
    return True, [(text, records.url("forum:home", "#meetings"))]


# Standard 2: open, accessible and timely information ----------------------------------------


def _process_page(records: _Records) -> Finding:
    """2.1: the process page shows every phase with its purpose."""
    phases = records.phases
    if not phases or not all(getattr(phase, "purpose", "") for phase in phases):
        return NOTHING
    text = _("The process page shows every phase with its dates and purpose.")
    return True, [(text, records.process.get_absolute_url())]


def _repository_updated(records: _Records) -> Finding:
    """2.2: the repository had an update in the last six months."""
    last = repository.last_published(records.process, records.phases)
    if repository.is_stale(last, records.now):
        return NOTHING
    text = _("Last update of the repository: %(date)s.") % {
        "date": date_format(timezone.localtime(last))
    }
    return True, [(text, records.url("forum:repository"))]


# Standard 3: inclusive and informed participation -------------------------------------------


def _timeline_ahead(records: _Records) -> Finding:
    """3.1: the process was public ADVANCE_NOTICE before its first opportunity opened."""
    process = records.process
    first_open = (
        OpportunityStatusChange.objects.filter(
            opportunity__phase__process=process, to_status=Opportunity.Status.OPEN
        )
        .order_by("changed_at")
        .values_list("changed_at", flat=True)
        .first()
    )
    if first_open is None or first_open - process.created_at < ADVANCE_NOTICE:
        return NOTHING
    text = _(
        "The timeline was public on %(published)s; the first opportunity opened on %(opened)s."
    ) % {
        "published": date_format(timezone.localtime(process.created_at)),
        "opened": date_format(timezone.localtime(first_open)),
    }
    return True, [(text, process.get_absolute_url())]


def _outreach(records: _Records) -> Finding:
    """3.2: sessions held or announcements sent."""
    sessions = Event.objects.public().filter(
        opportunity__phase__process=records.process, ends_at__lte=records.now
    )
    events = sessions.count()
    announcements = _announcement_count(records.process)
    if not (events or announcements):
        return NOTHING
    text = _("%(events)s sessions held and %(announcements)s announcements sent.") % {
        "events": events,
        "announcements": announcements,
    }
    return True, [(text, reverse("events:list"))]


def _announcement_count(process: Process) -> int:
    # Outreach invites people to take part; the forum's own news (minutes, lessons) reports on
    # the process instead, and counting it would let the forum meet this requirement by itself.
    return (
        Announcement.objects.filter(process=process)
        .exclude(kind__in=FORUM_ANNOUNCEMENT_KINDS)
        .count()
    )


def _input_received(records: _Records) -> Finding:
    """3.3: published input came in, through at least one channel."""
    channels = list(
        Contribution.objects.filter(
            process=records.process, moderation_state=ModerationState.PUBLISHED
        )
        .values_list("channel", flat=True)
        .distinct()
        .order_by("channel")
    )
    if not channels:
        return NOTHING
    text = _("Input received through %(count)s channels.") % {"count": len(channels)}
    return True, [(text, records.url("forum:repository", "?type=announcement"))]


# Standards 4 and 5: reasoned response, open implementation ----------------------------------


def _reasoned_response(records: _Records) -> Finding:
    """4.1: a What We Heard report is published and voices have a reasoned response."""
    process = records.process
    report = (
        Report.objects.filter(process=process, status=Report.Status.PUBLISHED)
        .order_by("-published_at")
        .values_list("pk", flat=True)
        .first()
    )
    shares = (records.coverage or selectors.coverage(process))["totals"]
    if report is None or not shares["voices_answered"]:
        return NOTHING
    text = _(
        "What We Heard report published; %(percent)s%% of voices have a reasoned response."
    ) % {"percent": shares["voices_percent"]}
    return True, [(text, reverse("analysis:report", kwargs={"pk": report}))]


def _open_implementation(records: _Records) -> Finding:
    """5.1: two minuted forum meetings during implementation, and progress reported."""
    implementation = next((p for p in records.phases if p.kind == "implementation"), None)
    if implementation is None or records.forum is None:
        return NOTHING
    meetings = Meeting.objects.filter(
        forum=records.forum,
        status=MeetingStatus.MINUTES_PUBLISHED,
        held_at__gte=_start_of(implementation.starts_on),
        held_at__lte=records.now,
    ).count()
    process = records.process
    reports = ProgressUpdate.objects.filter(milestone__commitment__process=process).count()
    if not (meetings or reports):
        return NOTHING
    text = _("%(meetings)s forum meetings during implementation, %(reports)s progress reports.") % {
        "meetings": meetings,
        "reports": reports,
    }
    link = reverse("commitments:dashboard", kwargs={"process_slug": process.slug})
    return meetings >= 2 and bool(reports), [(text, link)]


CHECKS: dict[str, Callable[[_Records], Finding]] = {
    "1.1": _forum_of_both_sides,
    "1.2": _forum_meets_regularly,
    "1.3": _forum_rules_public,
    "1.4": _minutes_published,
    "2.1": _process_page,
    "2.2": _repository_updated,
    "3.1": _timeline_ahead,
    "3.2": _outreach,
    "3.3": _input_received,
    "4.1": _reasoned_response,
    "5.1": _open_implementation,
}


def compliance_rows(
    process: Process, now: datetime.datetime | None = None, *, coverage: dict | None = None
) -> list[Row]:
    """One row per requirement, with the evidence found (a fixed number of queries).

    `coverage` (selectors.coverage of the process) spares its queries when the caller has it.
    """
    records = _records(process, now or timezone.now(), coverage)
    findings = {code: check(records) for code, check in CHECKS.items()}
    attached = _attached_evidence(process)
    return [
        _row(requirement, findings[requirement.code], attached.get(requirement.code, []), records)
        for requirement in REQUIREMENTS
    ]


def _attached_evidence(process: Process) -> dict[str, list[Evidence]]:
    attached: dict[str, list[Evidence]] = {}
    for evidence in Evidence.objects.filter(process=process).order_by("requirement", "-added_at"):
        attached.setdefault(evidence.requirement, []).append(evidence)
    return attached


def _row(
    requirement: Requirement, finding: Finding, attached: list[Evidence], records: _Records
) -> Row:
    met, evidence = finding
    if met or attached:
        status = MET
    elif not _due(requirement, records):
        status = NOT_DUE
    else:
        status = MISSING
    return Row(requirement, status, evidence, attached)


def _due(requirement: Requirement, records: _Records) -> bool:
    """Due from the start of the process, or once the phase it belongs to has started."""
    if requirement.due_from is None:
        return True
    phase = next((p for p in records.phases if p.kind == requirement.due_from), None)
    return phase is not None and phase.starts_on <= records.today


def summary(rows: list[Row]) -> dict[str, int]:
    counts = {MET: 0, MISSING: 0, NOT_DUE: 0}
    for row in rows:
        counts[row.status] += 1
    counts["total"] = len(rows)
    return counts

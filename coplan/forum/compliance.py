"""The minimum requirements of the OGP Participation and Co-Creation Standards (2022).

Each requirement is a row whose status is computed from the system's records (or from evidence
that staff attached for what happened outside it), never ticked by hand:
- met: the records (or attached evidence) show it;
- missing: it is due and nothing shows it;
- not yet due: the phase it belongs to has not started.
The list follows the five standards: a space for dialogue (1), open information (2), inclusive
participation (3), a reasoned response (4), open implementation (5).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coplan.core.dates import date_format
from coplan.notifications.models import Announcement

MET = "met"
MISSING = "missing"
NOT_DUE = "not_due"
# The co-creation timeline must be public at least this long before co-creation starts.
ADVANCE_NOTICE = datetime.timedelta(days=14)
# Minutes count as late when a meeting held this long ago still has none.
MINUTES_GRACE = datetime.timedelta(days=30)
# Announcements the forum itself makes (services.py).
FORUM_ANNOUNCEMENT_KINDS = ("forum_minutes_published", "lessons_published")


@dataclass(frozen=True)
class Requirement:
    code: str
    standard: str
    title: object
    description: object
    # Phase kind from which it is due (None: from the start of the process).
    due_from: str | None = None


REQUIREMENTS: tuple[Requirement, ...] = (
    Requirement(
        "1.1",
        gettext_lazy("Standard 1: Space for dialogue"),
        gettext_lazy("A multi-stakeholder forum of government and civil society"),
        gettext_lazy(
            "A forum or other space oversees the OGP process and brings together government and "
            "non-governmental representatives."
        ),
    ),
    Requirement(
        "1.2",
        gettext_lazy("Standard 1: Space for dialogue"),
        gettext_lazy("The forum meets at least every six months"),
        gettext_lazy(
            "The forum has met in the last six months, and never gone longer without meeting."
        ),
    ),
    Requirement(
        "1.3",
        gettext_lazy("Standard 1: Space for dialogue"),
        gettext_lazy("Public rules on the forum's remit, membership and governance"),
        gettext_lazy(
            "The forum's terms of reference and participation rules are published in both official "
            "languages, with its membership."
        ),
    ),
    Requirement(
        "1.4",
        gettext_lazy("Standard 1: Space for dialogue"),
        gettext_lazy("The forum's minutes and decisions are published"),
        gettext_lazy(
            "Every meeting held more than 30 days ago has its minutes and decisions published."
        ),
    ),
    Requirement(
        "2.1",
        gettext_lazy("Standard 2: Open, accessible and timely information"),
        gettext_lazy("An OGP web page for the process"),
        gettext_lazy(
            "A public page explains the process, its phases, dates and ways to take part."
        ),
    ),
    Requirement(
        "2.2",
        gettext_lazy("Standard 2: Open, accessible and timely information"),
        gettext_lazy("A public repository updated at least twice a year"),
        gettext_lazy(
            "The evidence of the process is published in one place, with an update in the last "
            "six months."
        ),
    ),
    Requirement(
        "3.1",
        gettext_lazy("Standard 3: Inclusive and informed participation"),
        gettext_lazy("Timeline and opportunities published two weeks ahead"),
        gettext_lazy(
            "The co-creation timeline and the ways to take part were public at least two weeks "
            "before the first opportunity opened."
        ),
        due_from="development",
    ),
    Requirement(
        "3.2",
        gettext_lazy("Standard 3: Inclusive and informed participation"),
        gettext_lazy("Outreach and awareness-raising"),
        gettext_lazy(
            "Activities told the public about the process: sessions held, announcements sent."
        ),
        due_from="development",
    ),
    Requirement(
        "3.3",
        gettext_lazy("Standard 3: Inclusive and informed participation"),
        gettext_lazy("A way for anyone to give input"),
        gettext_lazy(
            "The public could send ideas and comments during co-creation, and input was received."
        ),
        due_from="development",
    ),
    Requirement(
        "4.1",
        gettext_lazy("Standard 4: Reasoned response and ongoing dialogue"),
        gettext_lazy("A reasoned response on how input was considered"),
        gettext_lazy(
            "A What We Heard report is published and contributions have a disposition and a "
            "reasoned response."
        ),
        due_from="drafting",
    ),
    Requirement(
        "5.1",
        gettext_lazy("Standard 5: Inclusive and informed participation in implementation"),
        gettext_lazy("Open implementation: at least two meetings with civil society"),
        gettext_lazy(
            "During implementation, government meets civil society at least twice to present "
            "progress and hear comments, and reports progress publicly."
        ),
        due_from="implementation",
    ),
)
REQUIREMENTS_BY_CODE = {requirement.code: requirement for requirement in REQUIREMENTS}


@dataclass
class Row:
    requirement: Requirement
    status: str
    evidence: list[tuple[str, str]] = field(default_factory=list)  # (text, link)
    attached: list = field(default_factory=list)

    @property
    def met(self) -> bool:
        return self.status == MET


def _started(phases, kind: str | None, today: datetime.date) -> bool:
    if kind is None:
        return True
    phase = next((p for p in phases if p.kind == kind), None)
    return phase is not None and phase.starts_on <= today


def compliance_rows(
    process, now: datetime.datetime | None = None, *, coverage: dict | None = None
) -> list[Row]:
    """One row per requirement, with the evidence found (a fixed number of queries).

    `coverage` (selectors.coverage of the process) spares its queries when the caller has it.
    """
    from coplan.analysis.models import Report
    from coplan.contributions.models import Contribution, ModerationState
    from coplan.events.models import Event
    from coplan.processes.models import Opportunity, OpportunityStatusChange

    from . import repository, selectors
    from .models import Evidence, Meeting, MeetingStatus, Sector

    now = now or timezone.now()
    today = timezone.localdate(now)
    phases = list(process.phases.all())
    slug = process.slug
    forum = selectors.forum_for_process(process)
    found: dict[str, list[tuple[str, str]]] = {r.code: [] for r in REQUIREMENTS}
    met: dict[str, bool] = {r.code: False for r in REQUIREMENTS}

    if forum is not None:
        forum_url = reverse("forum:home", kwargs={"slug": slug})
        sectors = dict(
            forum.members.filter(term_start__lte=today)
            .exclude(term_end__lt=today)
            .values_list("sector")
            .annotate(n=Count("pk"))
        )
        government = sectors.get(Sector.GOVERNMENT, 0)
        civil = sectors.get(Sector.CIVIL_SOCIETY, 0)
        if government and civil:
            met["1.1"] = True
            found["1.1"].append(
                (
                    _(
                        "%(government)s government and %(civil)s civil-society "
                        "members sit on the forum."
                    )
                    % {"government": government, "civil": civil},
                    forum_url,
                )
            )
        meetings = list(
            Meeting.objects.filter(forum=forum, held_at__lte=now)
            .order_by("held_at")
            .values_list("pk", "held_at", "status")
        )
        held = [
            held_at
            for _pk, held_at, status in meetings
            if status == MeetingStatus.MINUTES_PUBLISHED
        ]
        if held:
            start = max(
                timezone.make_aware(datetime.datetime.combine(process.starts_on, datetime.time())),
                min(held),
            )
            gaps = [b - a for a, b in zip([start, *held], [*held, now], strict=True)]
            if max(gaps) <= selectors.SIX_MONTHS:
                met["1.2"] = True
            found["1.2"].append(
                (
                    _("Last meeting with published minutes: %(date)s.")
                    % {"date": date_format(timezone.localtime(held[-1]))},
                    forum_url + "#meetings",
                )
            )
        if all(
            getattr(forum, f"{name}_{lang}")
            for name in ("terms_of_reference", "participation_rules")
            for lang in ("en", "fr")
        ) and (government or civil):
            met["1.3"] = True
            found["1.3"].append(
                (
                    _("Terms of reference and participation rules are published."),
                    reverse("forum:terms", kwargs={"slug": slug}),
                )
            )
        late = [
            pk
            for pk, held_at, status in meetings
            if status != MeetingStatus.MINUTES_PUBLISHED and now - held_at > MINUTES_GRACE
        ]
        if held and not late:
            met["1.4"] = True
            found["1.4"].append(
                (
                    _("Minutes of %(count)s meetings are published.") % {"count": len(held)},
                    forum_url + "#meetings",
                )
            )

    if phases and all(getattr(p, "purpose", "") for p in phases):
        met["2.1"] = True
        found["2.1"].append(
            (
                _("The process page shows every phase with its dates and purpose."),
                process.get_absolute_url(),
            )
        )

    last = repository.last_published(process, phases)
    if not repository.is_stale(last, now):
        met["2.2"] = True
        found["2.2"].append(
            (
                _("Last update of the repository: %(date)s.")
                % {"date": date_format(timezone.localtime(last))},
                reverse("forum:repository", kwargs={"slug": slug}),
            )
        )

    first_open = (
        OpportunityStatusChange.objects.filter(
            opportunity__phase__process=process, to_status=Opportunity.Status.OPEN
        )
        .order_by("changed_at")
        .values_list("changed_at", flat=True)
        .first()
    )
    if first_open is not None and first_open - process.created_at >= ADVANCE_NOTICE:
        met["3.1"] = True
        found["3.1"].append(
            (
                _(
                    "The timeline was public on %(published)s; "
                    "the first opportunity opened on %(opened)s."
                )
                % {
                    "published": date_format(timezone.localtime(process.created_at)),
                    "opened": date_format(timezone.localtime(first_open)),
                },
                process.get_absolute_url(),
            )
        )

    events = (
        Event.objects.public().filter(opportunity__phase__process=process, ends_at__lte=now).count()
    )
    announcements = _announcement_count(process)
    if events or announcements:
        met["3.2"] = True
        found["3.2"].append(
            (
                _("%(events)s sessions held and %(announcements)s announcements sent.")
                % {"events": events, "announcements": announcements},
                reverse("events:list"),
            )
        )

    channels = list(
        Contribution.objects.filter(process=process, moderation_state=ModerationState.PUBLISHED)
        .values_list("channel", flat=True)
        .distinct()
        .order_by("channel")
    )
    if channels:
        met["3.3"] = True
        found["3.3"].append(
            (
                _("Input received through %(count)s channels.") % {"count": len(channels)},
                reverse("forum:repository", kwargs={"slug": slug}) + "?type=announcement",
            )
        )

    report = (
        Report.objects.filter(process=process, status=Report.Status.PUBLISHED)
        .order_by("-published_at")
        .values_list("pk", flat=True)
        .first()
    )
    shares = (coverage or selectors.coverage(process))["totals"]
    if report is not None and shares["voices_answered"]:
        met["4.1"] = True
        found["4.1"].append(
            (
                _(
                    "What We Heard report published; %(percent)s%% "
                    "of voices have a reasoned response."
                )
                % {"percent": shares["voices_percent"]},
                reverse("analysis:report", kwargs={"pk": report}),
            )
        )

    implementation = next((p for p in phases if p.kind == "implementation"), None)
    if implementation is not None and forum is not None:
        since = timezone.make_aware(
            datetime.datetime.combine(implementation.starts_on, datetime.time())
        )
        meetings_count = Meeting.objects.filter(
            forum=forum,
            status=MeetingStatus.MINUTES_PUBLISHED,
            held_at__gte=since,
            held_at__lte=now,
        ).count()
        from coplan.commitments.models import ProgressUpdate

        reports = ProgressUpdate.objects.filter(milestone__commitment__process=process).count()
        if meetings_count >= 2 and reports:
            met["5.1"] = True
        if meetings_count or reports:
            found["5.1"].append(
                (
                    _(
                        "%(meetings)s forum meetings during "
                        "implementation, %(reports)s progress reports."
                    )
                    % {"meetings": meetings_count, "reports": reports},
                    reverse("commitments:dashboard", kwargs={"process_slug": slug}),
                )
            )

    attached: dict[str, list[Evidence]] = {}
    for evidence in Evidence.objects.filter(process=process).order_by("requirement", "-added_at"):
        attached.setdefault(evidence.requirement, []).append(evidence)

    rows = []
    for requirement in REQUIREMENTS:
        extra = attached.get(requirement.code, [])
        if met[requirement.code] or extra:
            status = MET
        elif not _started(phases, requirement.due_from, today):
            status = NOT_DUE
        else:
            status = MISSING
        rows.append(Row(requirement, status, found[requirement.code], extra))
    return rows


def _announcement_count(process) -> int:
    # Outreach invites people to take part; the forum's own news (minutes, lessons) reports on
    # the process instead, and counting it would let the forum meet this requirement by itself.
    return (
        Announcement.objects.filter(process=process)
        .exclude(kind__in=FORUM_ANNOUNCEMENT_KINDS)
        .count()
    )


def summary(rows: list[Row]) -> dict[str, int]:
    counts = {MET: 0, MISSING: 0, NOT_DUE: 0}
    for row in rows:
        counts[row.status] += 1
    counts["total"] = len(rows)
    return counts

"""Every change in the forum app: one keyword-only, atomic function per use case.

Views call these and nothing else writes. Staff requests that change data are recorded in the
audit trail (core.StaffAction) by the security middleware; these functions never bypass a view
except in the demo and in tests.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coplan.accounts.models import Organisation, User
from coplan.processes.models import Opportunity, Phase, Process

from . import sections
from .compliance import FORUM_ANNOUNCEMENT_KINDS, REQUIREMENTS_BY_CODE
from .documents import document_check
from .models import (
    MEETING_TRANSITIONS,
    Attendance,
    Evidence,
    Forum,
    ForumMember,
    Lesson,
    Meeting,
    MeetingDocument,
    MeetingStatus,
    ProcessReview,
    WorkspacePage,
    WorkspacePageVersion,
)

LANGUAGES = ("en", "fr")
# Titles of the announcements, written in each subscriber's language.
MINUTES_ANNOUNCEMENT = gettext_lazy("Minutes published: %(title)s")
LESSONS_ANNOUNCEMENT = gettext_lazy("Lessons learned: %(title)s")


def _both(values: dict, field: str) -> bool:
    return all((values.get(f"{field}_{lang}") or "").strip() for lang in LANGUAGES)


def _text(value: str) -> str:
    """Browsers send text areas with CRLF line ends: keep LF, so blank lines split paragraphs."""
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def _apply(obj, values: dict, allowed: tuple[str, ...]) -> None:
    for key, value in values.items():
        if key not in allowed:
            raise TypeError(f"{key} cannot be changed here")
        setattr(obj, key, _text(value) if isinstance(value, str) else value)


def _bilingual(*fields: str) -> tuple[str, ...]:
    return tuple(f"{field}_{lang}" for field in fields for lang in LANGUAGES)


FORUM_FIELDS = _bilingual("name", "terms_of_reference", "participation_rules")
MEETING_FIELDS = ("held_at", *_bilingual("title", "location", "agenda", "minutes", "decisions"))
MEMBER_FIELDS = (
    "name",
    "organisation",
    "sector",
    "role",
    "term_start",
    "term_end",
    "user",
)


@transaction.atomic
def forum_create(*, slug: str, name_en: str, name_fr: str, process: Process | None) -> Forum:
    """A forum for one process, or a standing forum (process None)."""
    forum = Forum(slug=slug, name_en=name_en.strip(), name_fr=name_fr.strip(), process=process)
    forum.full_clean()
    forum.save()
    return forum


@transaction.atomic
def forum_update(*, forum: Forum, **values) -> Forum:
    """Change the forum's name, terms of reference or participation rules (both languages)."""
    _apply(forum, values, FORUM_FIELDS)
    for field in ("terms_of_reference", "participation_rules"):
        present = [bool(getattr(forum, f"{field}_{lang}", "")) for lang in LANGUAGES]
        if any(present) and not all(present):
            raise ValidationError(
                {f"{field}_fr": _("Write this page in both English and French, or in neither.")}
            )
    forum.full_clean()
    forum.save()
    return forum


@transaction.atomic
def member_add(
    *,
    forum: Forum,
    name: str,
    organisation: Organisation,
    sector: str,
    role: str,
    term_start: datetime.date,
    term_end: datetime.date | None = None,
    user: User | None = None,
) -> ForumMember:
    """Seat a member on the forum for a term."""
    member = ForumMember(
        forum=forum,
        name=name.strip(),
        organisation=organisation,
        sector=sector,
        role=role,
        term_start=term_start,
        term_end=term_end,
        user=user,
    )
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def member_update(*, member: ForumMember, **values) -> ForumMember:
    """Change a member's seat (organisation, sector, role, term)."""
    _apply(member, values, MEMBER_FIELDS)
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def member_term_end(*, member: ForumMember, on: datetime.date) -> ForumMember:
    """End a member's term on a day (the seat stays on the public page among past members)."""
    if on < member.term_start:
        raise ValidationError({"term_end": _("The term must not end before it starts.")})
    if member.term_end is not None and member.term_end < on:
        raise ValidationError(
            {"term_end": _("This term already ended on %(date)s.") % {"date": member.term_end}}
        )
    member.term_end = on
    member.full_clean()
    member.save(update_fields=["term_end"])
    return member


@transaction.atomic
def workspace_page_save(
    *, forum: Forum, title: str, body: str, by: User, page: WorkspacePage | None = None
) -> WorkspacePage:
    """Create or change a draft in the forum's workspace; a change keeps the previous text."""
    title, body = _text(title), _text(body)
    if page is not None:
        # Lock the page so two members saving at once both keep their predecessor's text.
        page = WorkspacePage.objects.select_for_update().get(pk=page.pk, forum=forum)
        if (page.title, page.body) == (title, body):
            return page
        previous = page.versions.aggregate(last=Max("number"))["last"] or 0
        WorkspacePageVersion.objects.create(
            page=page,
            number=previous + 1,
            title=page.title,
            body=page.body,
            saved_by_id=page.updated_by_id,
            saved_at=page.updated_at,
        )
    page = page or WorkspacePage(forum=forum)
    page.title = title
    page.body = body
    page.updated_by = by
    page.full_clean()
    page.save()
    return page


@transaction.atomic
def meeting_create(*, forum: Forum, held_at: datetime.datetime, **values) -> Meeting:
    """Plan a meeting (not public until its agenda is published)."""
    meeting = Meeting(forum=forum, held_at=held_at)
    _apply(meeting, values, MEETING_FIELDS)
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, **values) -> Meeting:
    """Change a meeting's date, agenda, minutes or decisions."""
    _apply(meeting, values, MEETING_FIELDS)
    if meeting.status == MeetingStatus.MINUTES_PUBLISHED:
        _require_minutes(meeting)
    elif meeting.status == MeetingStatus.AGENDA_PUBLISHED:
        _require_agenda(meeting)
    meeting.full_clean()
    meeting.save()
    return meeting


def _require_agenda(meeting: Meeting) -> None:
    if not _both(vars(meeting), "agenda"):
        raise ValidationError(
            {"agenda_fr": _("The agenda must be written in both English and French.")}
        )


def _require_minutes(meeting: Meeting) -> None:
    errors = {}
    if not _both(vars(meeting), "minutes"):
        errors["minutes_fr"] = _("The minutes must be written in both English and French.")
    if not _both(vars(meeting), "decisions"):
        errors["decisions_fr"] = _("The decisions must be written in both English and French.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def meeting_set_status(
    *, meeting: Meeting, status: str, now: datetime.datetime | None = None
) -> Meeting:
    """Publish the agenda (before the meeting) or the minutes (after it), in both languages."""
    now = now or timezone.now()
    current = meeting.status
    if status not in MEETING_TRANSITIONS.get(current, frozenset()):
        raise ValidationError(
            _("A meeting cannot go from “%(current)s” to “%(new)s”.")
            % {
                "current": MeetingStatus(current).label,
                "new": MeetingStatus(status).label if status in MeetingStatus.values else status,
            }
        )
    if status == MeetingStatus.AGENDA_PUBLISHED:
        _require_agenda(meeting)
        meeting.agenda_published_at = now
    elif status == MeetingStatus.MINUTES_PUBLISHED:
        if meeting.held_at > now:
            raise ValidationError(
                _("Minutes can only be published once the meeting has been held.")
            )
        _require_minutes(meeting)
        meeting.minutes_published_at = now
    changed = Meeting.objects.filter(pk=meeting.pk, status=current).update(
        status=status,
        agenda_published_at=meeting.agenda_published_at,
        minutes_published_at=meeting.minutes_published_at,
    )
    if not changed:
        raise ValidationError(_("Someone else changed this meeting: reload the page."))
    meeting.status = status
    # update() sends no signal: drop cached pages and summaries here.
    transaction.on_commit(sections.forum_data_changed)
    if status == MeetingStatus.MINUTES_PUBLISHED:
        _announce_minutes(meeting)
    return meeting


def _forum_processes(forum: Forum) -> list[Process]:
    """The processes a forum serves: its own, or (standing forum) every open one without one."""
    if forum.process_id:
        return [forum.process]
    today = timezone.localdate()
    return list(
        Process.objects.filter(forum__isnull=True)
        .filter(Q(completed_on__isnull=True) | Q(completed_on__gte=today))
        .order_by("pk")
    )


def _announce_minutes(meeting: Meeting) -> None:
    """Tell the people following each process served by the forum (notifications app)."""
    from coplan.notifications import announce

    forum = Forum.objects.select_related("process").get(pk=meeting.forum_id)
    title = {
        lang: _translated(lang, MINUTES_ANNOUNCEMENT)
        % {"title": getattr(meeting, f"title_{lang}") or meeting.title}
        for lang in LANGUAGES
    }
    for process in _forum_processes(forum):
        with translation.override("en"):
            url = reverse("forum:meeting", kwargs={"slug": process.slug, "pk": meeting.pk})
        announce(
            FORUM_ANNOUNCEMENT_KINDS[0],
            process=process,
            obj=meeting,
            title=title,
            url=url,
            key=f"forum_minutes_published:{meeting.pk}:{process.pk}",
        )


def _translated(language: str, message) -> str:
    with translation.override(language):
        return str(message)


@transaction.atomic
def meeting_record_attendance(*, meeting: Meeting, present: set[int]) -> int:
    """Record who attended: every member seated on the meeting day is marked present or not."""
    day = timezone.localtime(meeting.held_at).date()
    members = list(
        ForumMember.objects.filter(forum_id=meeting.forum_id, term_start__lte=day).exclude(
            term_end__lt=day
        )
    )
    seated = {member.pk for member in members}
    unknown = present - seated
    if unknown:
        raise ValidationError(_("Only members seated on the day of the meeting can attend it."))
    Attendance.objects.filter(meeting=meeting).delete()
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, member_id=pk, present=pk in present) for pk in sorted(seated)
    )
    return len(present)


@transaction.atomic
def meeting_document_add(
    *, meeting: Meeting, title_en: str, title_fr: str, upload: UploadedFile
) -> MeetingDocument:
    """Attach a checked file (type by content, size) to a meeting."""
    checked = document_check(upload)
    document = MeetingDocument(
        meeting=meeting,
        title_en=title_en.strip(),
        title_fr=title_fr.strip(),
        kind=checked.kind,
        size=checked.size,
        sha256=checked.sha256,
    )
    document.full_clean(exclude=["file"])
    upload.seek(0)
    document.file.save(f"{checked.sha256[:16]}.{checked.kind}", ContentFile(upload.read()))
    return document


@transaction.atomic
def evidence_add(
    *,
    process: Process,
    requirement: str,
    description_en: str,
    description_fr: str,
    by: User,
    url: str = "",
    upload: UploadedFile | None = None,
) -> Evidence:
    """Attach evidence of a requirement met outside the system: a link, a file, or both."""
    if requirement not in REQUIREMENTS_BY_CODE:
        raise ValidationError({"requirement": _("Choose one of the listed requirements.")})
    if not url and upload is None:
        raise ValidationError(_("Give a web address or attach a file as evidence."))
    evidence = Evidence(
        process=process,
        requirement=requirement,
        description_en=_text(description_en),
        description_fr=_text(description_fr),
        url=url,
        added_by=by,
    )
    checked = document_check(upload) if upload is not None else None
    evidence.full_clean(exclude=["file"])
    if checked is not None:
        evidence.kind = checked.kind
        evidence.size = checked.size
        upload.seek(0)
        evidence.file.save(
            f"{checked.sha256[:16]}.{checked.kind}", ContentFile(upload.read()), save=False
        )
    evidence.save()
    return evidence


@transaction.atomic
def lesson_add(
    *,
    process: Process,
    lesson_en: str,
    lesson_fr: str,
    action_en: str = "",
    action_fr: str = "",
    phase: Phase | None = None,
) -> Lesson:
    """Write an entry in the lessons-learned log (published later, with the final report)."""
    if phase is not None and phase.process_id != process.pk:
        raise ValidationError({"phase": _("Choose a phase of this process.")})
    if bool(action_en.strip()) != bool(action_fr.strip()):
        raise ValidationError(
            {"action_fr": _("Write what will change in both English and French, or in neither.")}
        )
    lesson = Lesson(
        process=process,
        phase=phase,
        lesson_en=_text(lesson_en),
        lesson_fr=_text(lesson_fr),
        action_en=_text(action_en),
        action_fr=_text(action_fr),
    )
    lesson.full_clean()
    lesson.save()
    return lesson


@transaction.atomic
def lessons_publish(*, process: Process, now: datetime.datetime | None = None) -> int:
    """Publish every unpublished lesson of the process; returns how many."""
    now = now or timezone.now()
    count = Lesson.objects.filter(process=process, published_at=None).update(published_at=now)
    if count:
        transaction.on_commit(sections.forum_data_changed)
        from coplan.notifications import announce

        with translation.override("en"):
            url = reverse("forum:lessons", kwargs={"slug": process.slug})
        announce(
            FORUM_ANNOUNCEMENT_KINDS[1],
            process=process,
            title={
                lang: _translated(lang, LESSONS_ANNOUNCEMENT)
                % {"title": getattr(process, f"title_{lang}") or process.title}
                for lang in LANGUAGES
            },
            url=url,
            key=f"lessons_published:{process.pk}:{now.isoformat()}",
        )
    return count


# The short process-review questionnaire: (kind, text_en, text_fr, required).
REVIEW_QUESTIONS: tuple[tuple[str, str, str, bool], ...] = (
    (
        "rating",
        "How well did this phase let you take part?",
        "Dans quelle mesure cette phase vous a-t-elle permis de participer?",
        True,
    ),
    (
        "yes_no",
        "Did you have the information you needed, early enough, to take part?",
        "Aviez-vous l’information nécessaire, assez tôt, pour participer?",
        False,
    ),
    (
        "yes_no",
        "Did you see how your input was considered?",
        "Avez-vous vu comment votre contribution a été prise en compte?",
        False,
    ),
    (
        "long_text",
        "What should we do differently in the next phase?",
        "Que devrions-nous faire différemment à la prochaine phase?",
        False,
    ),
)


@transaction.atomic
def process_review_create(*, phase: Phase) -> ProcessReview:
    """Open the short feedback questionnaire on the process itself, after a phase."""
    from coplan.surveys.models import Question, Questionnaire

    if ProcessReview.objects.filter(phase=phase).exists():
        raise ValidationError(_("This phase already has its process review."))
    names = {lang: getattr(phase, f"name_{lang}") for lang in LANGUAGES}
    opportunity = Opportunity(
        phase=phase,
        slug=f"process-review-{phase.kind}"[:80],
        kind=Opportunity.Kind.QUESTIONNAIRE,
        title_en=f"How did the {names['en']} phase go?",
        title_fr=f"Comment s’est déroulée la phase {names['fr']}?",
        description_en="A few questions on how we ran this phase, to do better in the next.",
        description_fr=(
            "Quelques questions sur le déroulement de cette phase, pour faire mieux à la suivante."
        ),
        status=Opportunity.Status.OPEN,
        position=99,
    )
    opportunity.full_clean()
    opportunity.save()
    questionnaire = Questionnaire.objects.create(
        opportunity=opportunity,
        slug="process-review",
        title_en=opportunity.title_en,
        title_fr=opportunity.title_fr,
        introduction_en=opportunity.description_en,
        introduction_fr=opportunity.description_fr,
        thank_you_en="Thank you: the team reads every answer and logs what it learns.",
        thank_you_fr="Merci : l’équipe lit chaque réponse et consigne ce qu’elle en retient.",
    )
    Question.objects.bulk_create(
        Question(
            questionnaire=questionnaire,
            position=position,
            kind=kind,
            text_en=text_en,
            text_fr=text_fr,
            required=required,
            scale_min_label_en="Poorly" if kind == "rating" else "",
            scale_min_label_fr="Mal" if kind == "rating" else "",
            scale_max_label_en="Very well" if kind == "rating" else "",
            scale_max_label_fr="Très bien" if kind == "rating" else "",
        )
        for position, (kind, text_en, text_fr, required) in enumerate(REVIEW_QUESTIONS, start=1)
    )
    return ProcessReview.objects.create(phase=phase, questionnaire=questionnaire)

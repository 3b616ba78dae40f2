"""Thin views: permissions from rules.py, work in services.py, reads in selectors.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.syndication.views import Feed
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from coplan.core.formerrors import service_errors_to_form
from coplan.core.pagination import paginate
from coplan.core.permissions import staff_permission

from . import compliance, repository, selectors, selfassessment, services
from .forms import (
    AttendanceForm,
    DocumentForm,
    EvidenceForm,
    ForumForm,
    LessonForm,
    MeetingForm,
    MemberForm,
    TermEndForm,
    WorkspacePageForm,
)
from .models import (
    DOCUMENT_CONTENT_TYPES,
    Evidence,
    ForumMember,
    Lesson,
    MeetingStatus,
    WorkspacePage,
    WorkspacePageVersion,
)


def _forum_or_404(process):
    forum = selectors.forum_for_process(process)
    if forum is None:
        raise Http404
    return forum


_errors_to_form = service_errors_to_form


# Public pages --------------------------------------------------------------------------------


def forum_home(request: HttpRequest, slug: str) -> HttpResponse:
    process = selectors.process_by_slug(slug)
    forum = _forum_or_404(process)
    meetings = paginate(selectors.public_meetings(forum), request.GET.get("page"))
    return render(
        request,
        "forum/forum_home.html",
        {
            "process": process,
            "forum": forum,
            "members": selectors.members(forum),
            "meetings": meetings,
            "regularity": selectors.meeting_regularity(forum),
        },
    )


def forum_page(request: HttpRequest, slug: str, page: str) -> HttpResponse:
    process = selectors.process_by_slug(slug)
    forum = _forum_or_404(process)
    field = {"terms": "terms_of_reference", "rules": "participation_rules"}[page]
    body = getattr(forum, field)
    if not body:
        raise Http404
    titles = {"terms": _("Terms of reference"), "rules": _("Participation rules")}
    return render(
        request,
        "forum/forum_page.html",
        {"process": process, "forum": forum, "title": titles[page], "body": body},
    )


def meeting_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process = selectors.process_by_slug(slug)
    forum = _forum_or_404(process)
    meeting = selectors.meeting_detail(forum, pk, public=True)
    return render(
        request,
        "forum/meeting_detail.html",
        {"process": process, "forum": forum, "meeting": meeting},
    )


def document_download(request: HttpRequest, slug: str, pk: int, document_pk: int) -> FileResponse:
    process = selectors.process_by_slug(slug)
    forum = _forum_or_404(process)
    public = not request.user.has_perm("forum.view_staff")
    meeting = selectors.meeting_detail(forum, pk, public=public)
    document = next((d for d in meeting.documents.all() if d.pk == document_pk), None)
    if document is None:
        raise Http404
    return _attachment(document.file, f"{document.title[:60]}.{document.kind}", document.kind)


def _attachment(file, filename: str, kind: str) -> FileResponse:
    """A stored file as a download: never shown inline, never sniffed into another type."""
    response = FileResponse(
        file.open("rb"),
        as_attachment=True,
        filename=filename,
        content_type=DOCUMENT_CONTENT_TYPES[kind],
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def repository_list(request: HttpRequest, slug: str) -> HttpResponse:
    process = selectors.process_by_slug(slug)
    phases = list(process.phases.all())
    phase_kind = request.GET.get("phase", "")[:30]
    phase = selectors.phase_of_kind(phases, phase_kind)
    kind = request.GET.get("type", "")[:30]
    if kind not in repository.SOURCE_KINDS:
        kind = ""
    try:
        number = int(request.GET.get("page", "1"))
    except ValueError:
        number = 1
    page = repository.repository_page(process, phases, phase=phase, kind=kind, page=number)
    last = repository.last_published(process, phases)
    return render(
        request,
        "forum/repository.html",
        {
            "process": process,
            "phases": phases,
            "page": page,
            "filters": {"phase": phase.kind if phase else "", "type": kind},
            "sources": repository.SOURCES,
            "last": last,
            "stale": repository.is_stale(last),
        },
    )


class RepositoryFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, slug: str):
        return selectors.process_by_slug(slug)

    def title(self, process) -> str:
        return _("Public repository of %(title)s") % {"title": process.title}

    def subtitle(self, process) -> str:
        return _("Everything published in this process, newest first.")

    def link(self, process) -> str:
        from django.urls import reverse

        return reverse("forum:repository", kwargs={"slug": process.slug})

    def items(self, process):
        return repository.latest_entries(process, list(process.phases.all()))

    def item_title(self, item) -> str:
        return item.title

    def item_description(self, item) -> str:
        return item.phase.name if item.phase else ""

    def item_link(self, item) -> str:
        return item.link

    def item_guid(self, item) -> str:
        return f"urn:coplan:repository:{get_language()}:{item.key}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.when

    def item_updateddate(self, item):
        return item.when


def compliance_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    process = selectors.process_by_slug(slug)
    rows = compliance.compliance_rows(process)
    return render(
        request,
        "forum/compliance.html",
        {"process": process, "rows": rows, "summary": compliance.summary(rows), "staff": False},
    )


def coverage_public(request: HttpRequest, slug: str) -> HttpResponse:
    """Published with the final plan: before that, staff see it on their own page."""
    process = selectors.process_by_slug(slug)
    if not selectors.final_plan_published(process):
        raise Http404
    return render(
        request,
        "forum/coverage.html",
        {"process": process, "coverage": selectors.coverage(process), "staff": False},
    )


def lessons_public(request: HttpRequest, slug: str) -> HttpResponse:
    process = selectors.process_by_slug(slug)
    return render(
        request,
        "forum/lessons.html",
        {"process": process, "lessons": list(selectors.published_lessons(process))},
    )


def _implementation_started(process) -> bool:
    from django.utils import timezone

    phase = selectors.phase_of_kind(list(process.phases.all()), "implementation")
    return phase is not None and phase.starts_on <= timezone.localdate()


def self_assessment(request: HttpRequest, slug: str) -> HttpResponse:
    process = selectors.process_by_slug(slug)
    staff = request.user.has_perm("forum.view_staff")
    if not (staff or _implementation_started(process)):
        raise Http404
    return render(request, "forum/self_assessment.html", selfassessment.self_assessment(process))


def self_assessment_pdf(request: HttpRequest, slug: str) -> FileResponse:
    process = selectors.process_by_slug(slug)
    staff = request.user.has_perm("forum.view_staff")
    if not (staff or _implementation_started(process)):
        raise Http404
    language = get_language()
    name = selfassessment.self_assessment_pdf_path(process, language)
    response = FileResponse(
        default_storage.open(name, "rb"),
        filename=f"self-assessment-{process.slug}-{language}.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# Staff pages ---------------------------------------------------------------------------------


@staff_permission("forum.view_staff", load=selectors.process_by_slug)
def staff_home(request: HttpRequest, process) -> HttpResponse:
    forum = selectors.forum_for_process(process)
    return render(
        request,
        "forum/staff_home.html",
        {
            "process": process,
            "forum": forum,
            "meetings": list(forum.meetings.all()[:50]) if forum else [],
            "regularity": selectors.meeting_regularity(forum) if forum else None,
        },
    )


@staff_permission("forum.manage_forum", load=selectors.process_by_slug)
def staff_forum_edit(request: HttpRequest, process) -> HttpResponse:
    forum = _forum_or_404(process)
    form = ForumForm(
        request.POST if request.method == "POST" else None,
        initial={name: getattr(forum, name) for name in services.FORUM_FIELDS},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.forum_update(forum=forum, **form.cleaned_data)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("The forum's pages are saved."))
            return redirect("forum:staff_home", slug=process.slug)
    return render(
        request,
        "forum/staff_form.html",
        {"process": process, "form": form, "heading": _("Forum pages")},
    )


@staff_permission("forum.manage_members", load=selectors.process_by_slug)
def staff_member_add(request: HttpRequest, process) -> HttpResponse:
    forum = _forum_or_404(process)
    form = MemberForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_add(forum=forum, **form.cleaned_data)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("The member is added."))
            return redirect("forum:home", slug=process.slug)
    return render(
        request,
        "forum/staff_form.html",
        {"process": process, "form": form, "heading": _("Add a member")},
    )


@staff_permission("forum.manage_members", load=selectors.process_by_slug)
def staff_members(request: HttpRequest, process) -> HttpResponse:
    forum = _forum_or_404(process)
    return render(
        request,
        "forum/staff_members.html",
        {"process": process, "forum": forum, "members": selectors.members(forum)},
    )


def _member_or_404(forum, pk: int) -> ForumMember:
    return get_object_or_404(ForumMember.objects.select_related("organisation"), forum=forum, pk=pk)


@staff_permission("forum.manage_members", load=selectors.process_by_slug)
def staff_member_edit(request: HttpRequest, process, pk: int) -> HttpResponse:
    forum = _forum_or_404(process)
    member = _member_or_404(forum, pk)
    fields = ("name", "organisation", "sector", "role", "term_start", "term_end")
    form = MemberForm(
        request.POST if request.method == "POST" else None,
        initial={name: getattr(member, name) for name in fields},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.member_update(member=member, **form.cleaned_data)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("The member's seat is saved."))
            return redirect("forum:staff_members", slug=process.slug)
    return render(
        request,
        "forum/staff_form.html",
        {
            "process": process,
            "form": form,
            "heading": _("Seat of %(name)s") % {"name": member.name},
            "cancel": "forum:staff_members",
        },
        status=400 if request.method == "POST" else 200,
    )


@staff_permission("forum.manage_members", load=selectors.process_by_slug)
def staff_member_end(request: HttpRequest, process, pk: int) -> HttpResponse:
    forum = _forum_or_404(process)
    member = _member_or_404(forum, pk)
    from django.utils import timezone

    form = TermEndForm(
        request.POST if request.method == "POST" else None,
        initial={"term_end": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.member_term_end(member=member, on=form.cleaned_data["term_end"])
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("The term of %(name)s is ended.") % {"name": member.name})
            return redirect("forum:staff_members", slug=process.slug)
    return render(
        request,
        "forum/staff_form.html",
        {
            "process": process,
            "form": form,
            "heading": _("End the term of %(name)s") % {"name": member.name},
            "cancel": "forum:staff_members",
            "submit": _("End the term"),
        },
        status=400 if request.method == "POST" else 200,
    )


@staff_permission("forum.manage_meetings", load=selectors.process_by_slug)
def staff_meeting_add(request: HttpRequest, process) -> HttpResponse:
    forum = _forum_or_404(process)
    form = MeetingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(forum=forum, **form.cleaned_data)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("The meeting is planned."))
            return redirect("forum:staff_meeting", slug=process.slug, pk=meeting.pk)
    return render(
        request,
        "forum/staff_form.html",
        {"process": process, "form": form, "heading": _("Plan a meeting")},
    )


@staff_permission("forum.manage_meetings", load=selectors.process_by_slug)
def staff_meeting(request: HttpRequest, process, pk: int) -> HttpResponse:
    forum = _forum_or_404(process)
    meeting = selectors.meeting_detail(forum, pk, public=False)
    initial = {name: getattr(meeting, name) for name in services.MEETING_FIELDS}
    action = request.POST.get("action", "") if request.method == "POST" else ""
    form = MeetingForm(request.POST if action == "save" else None, initial=initial)
    members = [m for m in selectors.members(forum, meeting.held_at.date())["current"]]
    attendance = AttendanceForm(
        request.POST if action == "attendance" else None,
        members=members,
        initial={"present": [str(a.member_id) for a in meeting.attendance.all() if a.present]},
    )
    # Prefixed: its title fields would otherwise share their ids with the meeting form's.
    upload = DocumentForm(
        request.POST if action == "document" else None,
        request.FILES if action == "document" else None,
        prefix="document",
    )
    try:
        if action == "save" and form.is_valid():
            services.meeting_update(meeting=meeting, **form.cleaned_data)
            messages.success(request, _("The meeting is saved."))
            return redirect("forum:staff_meeting", slug=process.slug, pk=meeting.pk)
        if action == "attendance" and attendance.is_valid():
            services.meeting_record_attendance(
                meeting=meeting, present={int(pk) for pk in attendance.cleaned_data["present"]}
            )
            messages.success(request, _("Attendance is recorded."))
            return redirect("forum:staff_meeting", slug=process.slug, pk=meeting.pk)
        if action == "document" and upload.is_valid():
            services.meeting_document_add(
                meeting=meeting,
                title_en=upload.cleaned_data["title_en"],
                title_fr=upload.cleaned_data["title_fr"],
                upload=upload.cleaned_data["file"],
            )
            messages.success(request, _("The document is attached."))
            return redirect("forum:staff_meeting", slug=process.slug, pk=meeting.pk)
        if action in ("publish_agenda", "publish_minutes"):
            target = (
                MeetingStatus.AGENDA_PUBLISHED
                if action == "publish_agenda"
                else MeetingStatus.MINUTES_PUBLISHED
            )
            services.meeting_set_status(meeting=meeting, status=target)
            messages.success(request, _("Published."))
            return redirect("forum:staff_meeting", slug=process.slug, pk=meeting.pk)
    except ValidationError as error:
        target_form = {"attendance": attendance, "document": upload}.get(action, form)
        if action.startswith("publish"):
            form = MeetingForm(initial=initial)
            form.is_bound = False
            publish_errors = error.messages
            status = 400
        else:
            _errors_to_form(target_form, error)
            publish_errors = []
            status = 400
        return render(
            request,
            "forum/staff_meeting.html",
            {
                "process": process,
                "meeting": meeting,
                "form": form,
                "attendance_form": attendance,
                "document_form": upload,
                "publish_errors": publish_errors,
            },
            status=status,
        )
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "forum/staff_meeting.html",
        {
            "process": process,
            "meeting": meeting,
            "form": form,
            "attendance_form": attendance,
            "document_form": upload,
            "publish_errors": [],
        },
        status=status,
    )


@staff_permission("forum.view_workspace", load=selectors.process_by_slug)
def staff_workspace(request: HttpRequest, process) -> HttpResponse:
    forum = _forum_or_404(process)
    pages = paginate(
        WorkspacePage.objects.filter(forum=forum).select_related("updated_by"),
        request.GET.get("page"),
    )
    return render(request, "forum/workspace_list.html", {"process": process, "pages": pages})


@staff_permission("forum.edit_workspace", load=selectors.process_by_slug)
def staff_workspace_edit(request: HttpRequest, process, pk: int | None = None) -> HttpResponse:
    forum = _forum_or_404(process)
    page = get_object_or_404(WorkspacePage, forum=forum, pk=pk) if pk else None
    form = WorkspacePageForm(
        request.POST if request.method == "POST" else None,
        initial={"title": page.title, "body": page.body} if page else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.workspace_page_save(
                forum=forum, page=page, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("The draft is saved."))
            return redirect("forum:staff_workspace", slug=process.slug)
    return render(
        request,
        "forum/workspace_edit.html",
        {"process": process, "form": form, "page": page},
        status=400 if request.method == "POST" else 200,
    )


@staff_permission("forum.view_workspace", load=selectors.process_by_slug)
def staff_workspace_versions(request: HttpRequest, process, pk: int) -> HttpResponse:
    forum = _forum_or_404(process)
    page = get_object_or_404(WorkspacePage.objects.select_related("updated_by"), forum=forum, pk=pk)
    versions = paginate(
        page.versions.select_related("saved_by").only(
            "pk", "page_id", "number", "title", "saved_at", "saved_by__display_name"
        ),
        request.GET.get("page"),
    )
    return render(
        request,
        "forum/workspace_versions.html",
        {"process": process, "page": page, "versions": versions},
    )


@staff_permission("forum.view_workspace", load=selectors.process_by_slug)
def staff_workspace_version(request: HttpRequest, process, pk: int, number: int) -> HttpResponse:
    forum = _forum_or_404(process)
    version = get_object_or_404(
        WorkspacePageVersion.objects.select_related("page", "saved_by"),
        page__forum=forum,
        page__pk=pk,
        number=number,
    )
    return render(
        request,
        "forum/workspace_version.html",
        {"process": process, "page": version.page, "version": version},
    )


@staff_permission("forum.view_staff", load=selectors.process_by_slug)
def staff_coverage(request: HttpRequest, process) -> HttpResponse:
    lacking = paginate(selectors.lacking_response(process), request.GET.get("page"))
    return render(
        request,
        "forum/coverage.html",
        {
            "process": process,
            "coverage": selectors.coverage(process),
            "lacking": lacking,
            "staff": True,
        },
    )


@staff_permission("forum.view_staff", load=selectors.process_by_slug)
def staff_compliance(request: HttpRequest, process) -> HttpResponse:
    form = EvidenceForm(request.POST if request.method == "POST" else None, request.FILES or None)
    if request.method == "POST":
        if not request.user.has_perm("forum.attach_evidence"):
            raise PermissionDenied
        if form.is_valid():
            try:
                services.evidence_add(
                    process=process,
                    requirement=form.cleaned_data["requirement"],
                    description_en=form.cleaned_data["description_en"],
                    description_fr=form.cleaned_data["description_fr"],
                    url=form.cleaned_data["url"],
                    upload=form.cleaned_data["file"],
                    by=request.user,
                )
            except ValidationError as error:
                _errors_to_form(form, error)
            else:
                messages.success(request, _("The evidence is attached."))
                return redirect("forum:staff_compliance", slug=process.slug)
    rows = compliance.compliance_rows(process)
    return render(
        request,
        "forum/compliance.html",
        {
            "process": process,
            "rows": rows,
            "summary": compliance.summary(rows),
            "staff": True,
            "form": form,
            "can_attach": request.user.has_perm("forum.attach_evidence"),
        },
        status=400 if request.method == "POST" else 200,
    )


@staff_permission("forum.view_staff", load=selectors.process_by_slug)
def staff_evidence_file(request: HttpRequest, process, pk: int) -> FileResponse:
    evidence = get_object_or_404(Evidence, process=process, pk=pk)
    if not evidence.file:
        raise Http404
    filename = f"evidence-{evidence.requirement}-{evidence.pk}.{evidence.kind}"
    return _attachment(evidence.file, filename, evidence.kind)


@staff_permission("forum.manage_lessons", load=selectors.process_by_slug)
def staff_lessons(request: HttpRequest, process) -> HttpResponse:
    action = request.POST.get("action", "") if request.method == "POST" else ""
    form = LessonForm(request.POST if action == "add" else None, process=process)
    if action == "publish":
        count = services.lessons_publish(process=process)
        messages.success(request, _("%(count)s lessons published.") % {"count": count})
        return redirect("forum:staff_lessons", slug=process.slug)
    if action == "add" and form.is_valid():
        try:
            services.lesson_add(process=process, **form.cleaned_data)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("The lesson is logged."))
            return redirect("forum:staff_lessons", slug=process.slug)
    lessons = paginate(
        Lesson.objects.filter(process=process)
        .select_related("phase")
        .order_by("-recorded_at", "-pk"),
        request.GET.get("page"),
    )
    return render(
        request,
        "forum/staff_lessons.html",
        {"process": process, "form": form, "lessons": lessons},
        status=400 if request.method == "POST" else 200,
    )


@staff_permission("forum.manage_reviews", load=selectors.process_by_slug)
def staff_reviews(request: HttpRequest, process) -> HttpResponse:
    from .models import ProcessReview

    phases = list(process.phases.all())
    error = ""
    if request.method == "POST":
        phase = selectors.phase_of_kind(phases, request.POST.get("phase", "")[:30])
        if phase is None:
            error = _("Choose a phase of this process.")
        else:
            try:
                services.process_review_create(phase=phase)
            except ValidationError as failure:
                error = " ".join(failure.messages)
            else:
                messages.success(request, _("The process review questionnaire is open."))
                return redirect("forum:staff_reviews", slug=process.slug)
    reviews = {
        review.phase_id: review
        for review in ProcessReview.objects.filter(phase__process=process).select_related(
            "questionnaire"
        )
    }
    for phase in phases:
        phase.review = reviews.get(phase.pk)
    return render(
        request,
        "forum/staff_reviews.html",
        {"process": process, "phases": phases, "error": error},
        status=400 if error else 200,
    )

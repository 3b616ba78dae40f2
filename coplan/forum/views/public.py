"""The forum's public pages: home, terms and rules, meetings and their documents, the
repository and its feed, compliance, responses, lessons and the self-assessment."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from coplan.core.pagination import paginate

from .. import compliance, repository, selectors, selfassessment
from ._common import attachment, forum_or_404


def forum_home(request: HttpRequest, slug: str) -> HttpResponse:
    process = selectors.process_by_slug(slug)
    forum = forum_or_404(process)
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
    forum = forum_or_404(process)
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
    forum = forum_or_404(process)
    meeting = selectors.meeting_detail(forum, pk, public=True)
    return render(
        request,
        "forum/meeting_detail.html",
        {"process": process, "forum": forum, "meeting": meeting},
    )


def document_download(request: HttpRequest, slug: str, pk: int, document_pk: int) -> FileResponse:
    process = selectors.process_by_slug(slug)
    forum = forum_or_404(process)
    public = not request.user.has_perm("forum.view_staff")
    meeting = selectors.meeting_detail(forum, pk, public=public)
    document = next((d for d in meeting.documents.all() if d.pk == document_pk), None)
    if document is None:
        raise Http404
    return attachment(document.file, f"{document.title[:60]}.{document.kind}", document.kind)


def repository_list(request: HttpRequest, slug: str) -> HttpResponse:
    process = selectors.process_by_slug(slug)
    phases = list(process.phases.all())
    phase = selectors.phase_of_kind(phases, request.GET.get("phase", "")[:30])
    kind = request.GET.get("type", "")[:30]
    kind = kind if kind in repository.SOURCE_KINDS else ""
    number = _page_number(request)
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


def _page_number(request: HttpRequest) -> int:
    try:
        return int(request.GET.get("page", "1"))
    except ValueError:
        return 1


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

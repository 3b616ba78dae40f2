"""Public pages of the plan: versions, paragraphs and their threads, what changed, PDF, text."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.views.decorators.http import require_GET

from coplan.contributions.commentable import commentable_for
from coplan.contributions.selectors import published_comment_counts
from coplan.core.pagecache import page_cache

from . import selectors
from .models import PlanParagraph, PlanVersion
from .pdf import version_pdf_path
from .snapshot import canonical_bytes, frozen_snapshot


def _status_context(version: PlanVersion) -> dict:
    """Whether the version takes comments now, and why not (closed, not open yet, superseded)."""
    opportunity = selectors.opportunity_for(version)
    entry = commentable_for(PlanParagraph)
    accepting = False
    if entry is not None and opportunity is not None:
        accepting = opportunity.is_accepting_input() and entry.accepts_comments(
            PlanParagraph(version=version)
        )
    closed = (
        opportunity is not None
        and not accepting
        and (
            opportunity.status == opportunity.Status.CLOSED
            or (opportunity.closes_at is not None and opportunity.closes_at <= timezone.now())
        )
    )
    return {"opportunity": opportunity, "accepting": accepting, "review_closed": closed}


@require_GET
@page_cache
def plan_overview(request: HttpRequest, slug: str) -> HttpResponse:
    plan = selectors.plan_for_slug(slug)
    versions = list(selectors.published_versions(plan))
    return render(
        request,
        "plans/plan_overview.html",
        {"plan": plan, "process": plan.process, "versions": versions},
    )


@require_GET
def plan_current(request: HttpRequest, slug: str, stage: str) -> HttpResponse:
    """The draft under review, or the final plan, whichever version it now is."""
    plan = selectors.plan_for_slug(slug)
    status = PlanVersion.Status.REVIEW if stage == "draft" else PlanVersion.Status.FINAL
    version = selectors.current_version(plan.process, status)
    if version is None:
        return redirect("plans:overview", slug=slug)
    return redirect(version.get_absolute_url())


@require_GET
@page_cache
def version_detail(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    version = selectors.published_version(slug, number)
    content = selectors.version_content(version)
    counts = published_comment_counts(content.paragraphs)
    for paragraph in content.paragraphs:
        paragraph.comment_total = counts.get(paragraph.pk, 0)
        # Translated in Python: 400 {% blocktranslate count %} cost more than the rest of the page.
        paragraph.comment_label = mark_safe(  # noqa: S308 - a translation and two integers
            ngettext(
                '%(counter)s comment<span class="visually-hidden"> on paragraph %(number)s</span>',
                '%(counter)s comments<span class="visually-hidden"> on paragraph %(number)s</span>',
                paragraph.comment_total,
            )
            % {"counter": paragraph.comment_total, "number": paragraph.number}
        )
    # One reverse() for 400 links: each paragraph's thread is this address plus its number.
    paragraph_base = reverse(
        "plans:paragraph", kwargs={"slug": slug, "number": number, "paragraph": 1}
    )[: -len("1/")]
    return render(
        request,
        "plans/version_detail.html",
        {
            "paragraph_base": paragraph_base,
            "version": version,
            "process": version.plan.process,
            "sections": content.sections,
            **_status_context(version),
        },
    )


@require_GET
def paragraph_detail(request: HttpRequest, slug: str, number: int, paragraph: int) -> HttpResponse:
    """One paragraph and its comment thread (a page without JavaScript, a fragment with htmx)."""
    version = selectors.published_version(slug, number)
    item = selectors.paragraph_of_version(version, paragraph)
    template = (
        "plans/_paragraph_thread.html"
        if request.headers.get("HX-Request")
        else "plans/paragraph_detail.html"
    )
    return render(
        request,
        template,
        {
            "version": version,
            "process": version.plan.process,
            "paragraph": item,
            **_status_context(version),
        },
    )


@require_GET
@page_cache
def version_changes(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    version = selectors.published_version(slug, number)
    if version.based_on is None:
        raise Http404
    changes, draft = selectors.version_changes(version)
    counts = published_comment_counts(draft.paragraphs)
    for paragraph in draft.paragraphs:
        paragraph.comment_total = counts.get(paragraph.pk, 0)
    return render(
        request,
        "plans/version_changes.html",
        {
            "version": version,
            "draft": version.based_on,
            "process": version.plan.process,
            "changes": [section for section in changes if section.kind != "unchanged"],
            "unchanged_sections": sum(1 for section in changes if section.kind == "unchanged"),
        },
    )


@require_GET
def version_pdf(request: HttpRequest, slug: str, number: int) -> FileResponse:
    version = selectors.published_version(slug, number)
    language = get_language()
    name = version_pdf_path(version, language)
    filename = f"{slug}-v{version.number}-{language}.pdf"
    return FileResponse(
        default_storage.open(name, "rb"),
        content_type="application/pdf",
        filename=filename,
        as_attachment=False,
    )


@require_GET
def version_text(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """The exact bytes the fingerprint is computed on: anyone can check it with sha256sum."""
    version = selectors.published_version(slug, number)
    data = canonical_bytes(version.title_en or "", version.title_fr or "", frozen_snapshot(version))
    response = HttpResponse(data, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slug}-v{version.number}.json"'
    return response

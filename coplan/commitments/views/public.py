"""Public pages of commitments: the list, a commitment, its printable template, its versions
compared, a milestone, the dashboard."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from modeltranslation.utils import build_localized_fieldname, get_language

from coplan.contributions.selectors import published_comment_counts
from coplan.core.pagecache import anonymous_page_cache

from .. import charts, selectors
from ..diff import has_changes, render_diff, word_diff
from ..models import (
    ActorKind,
    CommitmentActor,
    OgpValue,
    Status,
    Theme,
)
from .common import diff_labels, load_commitment


@anonymous_page_cache
def commitment_list(request: HttpRequest, process_slug: str) -> HttpResponse:
    process = selectors.process_by_slug(process_slug)
    filters = {
        "theme": request.GET.get("theme", "")[:80],
        "lead": request.GET.get("lead", "")[:80],
        "status": request.GET.get("status", "")[:30],
        "ogp_value": request.GET.get("ogp_value", "")[:30],
    }
    if filters["status"] not in ("", *Status.values):
        filters["status"] = ""
    if filters["ogp_value"] not in ("", *OgpValue.values):
        filters["ogp_value"] = ""
    commitments = list(selectors.commitment_list(process, **filters))
    counts = published_comment_counts(commitments)
    for commitment in commitments:
        commitment.comment_total = counts.get(commitment.pk, 0) if counts else None
    # modeltranslation does not localise a related field in values_list: name the column.
    name = build_localized_fieldname("organisation__name", get_language())
    leads = (
        CommitmentActor.objects.filter(commitment__process=process, kind=ActorKind.LEAD)
        .values_list("organisation__slug", name)
        .distinct()
        .order_by(name)
    )
    return render(
        request,
        "commitments/commitment_list.html",
        {
            "process": process,
            "commitments": commitments,
            "filters": filters,
            "themes": Theme.objects.filter(commitments__process=process).distinct(),
            "leads": list(leads),
            "statuses": Status.choices,
            "ogp_values": OgpValue.choices,
            "can_add": request.user.has_perm("commitments.add_commitment"),
        },
    )


@anonymous_page_cache
def commitment_detail(request: HttpRequest, process_slug: str, identifier: str) -> HttpResponse:
    commitment = selectors.commitment_for_page(process_slug, identifier)
    user = request.user
    return render(
        request,
        "commitments/commitment_detail.html",
        {
            "commitment": commitment,
            "process": commitment.process,
            "versions": selectors.versions_of(commitment),
            "transitions": selectors.transitions_of(commitment),
            "amendments": selectors.public_amendments(commitment),
            "sources": selectors.sources_of(commitment),
            "today": timezone.localdate(),
            "can_edit": user.has_perm("commitments.edit_commitment", commitment),
            "can_change_status": user.has_perm("commitments.change_status", commitment),
            "can_link": user.has_perm("commitments.link_contribution", commitment),
        },
    )


def commitment_print(request: HttpRequest, process_slug: str, identifier: str) -> HttpResponse:
    commitment = selectors.commitment_for_page(process_slug, identifier)
    return render(
        request,
        "commitments/commitment_print.html",
        {"commitment": commitment, "process": commitment.process},
    )


def version_compare(request: HttpRequest, process_slug: str, identifier: str) -> HttpResponse:
    commitment = load_commitment(process_slug, identifier)
    versions = selectors.versions_of(commitment)
    latest = commitment.version_number
    try:
        first = int(request.GET.get("from", max(latest - 1, 1)))
        second = int(request.GET.get("to", latest))
    except ValueError:
        return render(request, "400.html", status=400)
    pair = selectors.version_pair(commitment, first, second)
    if pair is None:
        raise Http404
    old, new = pair
    fields = []
    for key, label in diff_labels():
        chunks = word_diff(old.data.get(key, ""), new.data.get(key, ""))
        if has_changes(chunks):
            # The English and French texts of a field are compared on a page in one language.
            language = key.rsplit("_", 1)[1] if key.endswith(("_en", "_fr")) else None
            fields.append({"key": key, "label": label, "html": render_diff(chunks, language)})
    return render(
        request,
        "commitments/version_compare.html",
        {
            "commitment": commitment,
            "process": commitment.process,
            "versions": versions,
            "old": old,
            "new": new,
            "fields": fields,
        },
    )


def milestone_detail(
    request: HttpRequest, process_slug: str, identifier: str, pk: int
) -> HttpResponse:
    commitment = load_commitment(process_slug, identifier)
    milestone = selectors.milestone_for_page(commitment, pk)
    user = request.user
    return render(
        request,
        "commitments/milestone_detail.html",
        {
            "commitment": commitment,
            "process": commitment.process,
            "milestone": milestone,
            "can_report": user.has_perm("commitments.report_progress", milestone),
            "can_assess": user.has_perm("commitments.post_assessment", milestone),
        },
    )


@anonymous_page_cache
def dashboard(request: HttpRequest, process_slug: str) -> HttpResponse:
    process = selectors.process_by_slug(process_slug)
    statuses = selectors.status_counts(process)
    milestones = selectors.milestone_counts(process)
    completion = selectors.completion_over_time(process)
    overdue = selectors.overdue_milestones(process)
    return render(
        request,
        "commitments/dashboard.html",
        {
            "process": process,
            "statuses": statuses,
            "milestones": milestones,
            "completion": completion,
            "overdue": overdue,
            "status_chart": charts.bar_chart([(label, n) for _s, label, n in statuses]),
            "milestone_chart": charts.bar_chart(
                [(label, n) for _s, label, n in milestones["by_status"]]
            ),
            "completion_chart": charts.bar_chart(
                [(label, total) for label, _n, total in completion]
            ),
        },
    )

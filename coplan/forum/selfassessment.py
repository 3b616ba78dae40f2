"""The end-of-term self-assessment, generated from the records, in the structure OGP asks for:
1. introduction; 2. the action-plan process (participation, forum, reasoned response);
3. implementation of each commitment (status, milestones done and late, evidence, civil-society
assessments); 4. compliance with the Participation and Co-Creation Standards; 5. lessons learned.
Read in a fixed number of queries; the PDF is laid out by WeasyPrint like the plan's.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone, translation

from . import compliance, selectors


def self_assessment(process) -> dict:
    from coplan.commitments.models import Commitment, Milestone, ProgressUpdate
    from coplan.commitments.models.commitment import Status
    from coplan.commitments.models.tracking import FINISHED_MILESTONE_STATUSES, UpdateKind
    from coplan.contributions.models import Contribution, ModerationState

    today = timezone.localdate()
    commitments = list(
        Commitment.objects.filter(process=process)
        .exclude(status__in=[Status.PROPOSED, Status.DRAFT, Status.WITHDRAWN])
        .order_by("position", "identifier")
        .prefetch_related(
            Prefetch(
                "milestones",
                queryset=Milestone.objects.order_by("position", "pk").prefetch_related(
                    "evidence",
                    Prefetch(
                        "updates",
                        queryset=ProgressUpdate.objects.filter(
                            kind=UpdateKind.CIVIL_SOCIETY
                        ).select_related("organisation"),
                        to_attr="assessments",
                    ),
                ),
            )
        )
    )
    for commitment in commitments:
        milestones = list(commitment.milestones.all())
        commitment.milestone_list = milestones
        commitment.done = sum(1 for m in milestones if m.status == "completed")
        commitment.late = [
            m
            for m in milestones
            if m.ends_on and m.ends_on < today and m.status not in FINISHED_MILESTONE_STATUSES
        ]
        commitment.evidence_list = [e for m in milestones for e in m.evidence.all()]
        commitment.assessment_list = [a for m in milestones for a in m.assessments]
    published = Contribution.objects.filter(
        process=process, moderation_state=ModerationState.PUBLISHED
    )
    rows = compliance.compliance_rows(process)
    forum = selectors.forum_for_process(process)
    return {
        "process": process,
        "commitments": commitments,
        "participation": {
            "contributions": published.count(),
            "channels": published.values("channel").distinct().count(),
        },
        "coverage": selectors.coverage(process)["totals"],
        "compliance": rows,
        "compliance_summary": compliance.summary(rows),
        "forum": forum,
        "regularity": selectors.meeting_regularity(forum) if forum else None,
        "lessons": list(selectors.published_lessons(process)),
        "generated_on": today,
    }


def _no_fetching(url: str, *args, **kwargs):
    """The print template needs nothing from outside: never fetch (no network, no files)."""
    raise ValueError(f"resource not allowed in a PDF: {url[:80]}")


def self_assessment_pdf(process, language: str) -> bytes:
    """The self-assessment as a tagged PDF (PDF/UA-1) in one language."""
    from weasyprint import HTML

    with translation.override(language):
        html = render_to_string(
            "forum/self_assessment_pdf.html",
            {
                **self_assessment(process),
                "language": language,
                "site_name": settings.COPLAN_SITE_NAME,
            },
        )
    return HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=_no_fetching).write_pdf(
        pdf_variant="pdf/ua-1", custom_metadata=True
    )

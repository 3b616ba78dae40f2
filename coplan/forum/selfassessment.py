"""The end-of-term self-assessment, generated from the records, in the structure OGP asks for:
1. introduction; 2. the action-plan process (participation, forum, reasoned response);
3. implementation of each commitment (status, milestones done and late, evidence, civil-society
assessments); 4. compliance with the Participation and Co-Creation Standards; 5. lessons learned.
Read in a fixed number of queries; the PDF is laid out by WeasyPrint like the plan's.

Laying out a PDF takes seconds, reading the records a few milliseconds: each request renders the
print HTML, fingerprints it, and lays out a PDF only when no PDF of that exact content is stored
yet. Any change in the records (or the day of generation printed in it) gives a new fingerprint.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone, translation

from coplan.commitments.models import Commitment, Milestone, ProgressUpdate
from coplan.commitments.models.commitment import Status
from coplan.commitments.models.tracking import FINISHED_MILESTONE_STATUSES, UpdateKind
from coplan.contributions.models import Contribution, ModerationState
from coplan.core.pdf import no_fetching
from coplan.processes.models import Process

from . import compliance, selectors

# WeasyPrint reports every layout step at INFO level: keep the logs for what matters.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
# Bumped when the way PDFs are laid out changes, so stored PDFs are laid out again.
PDF_REVISION = 1


def self_assessment(process: Process) -> dict[str, Any]:
    """What the report says, section by section, read from the records."""
    today = timezone.localdate()
    published = Contribution.objects.filter(
        process=process, moderation_state=ModerationState.PUBLISHED
    )
    coverage = selectors.coverage(process)
    rows = compliance.compliance_rows(process, coverage=coverage)
    forum = selectors.forum_for_process(process)
    return {
        "process": process,
        "commitments": _commitments(process, today),
        "participation": {
            "contributions": published.count(),
            "channels": published.values("channel").distinct().count(),
        },
        "coverage": coverage["totals"],
        "compliance": rows,
        "compliance_summary": compliance.summary(rows),
        "forum": forum,
        "regularity": selectors.meeting_regularity(forum) if forum else None,
        "lessons": list(selectors.published_lessons(process)),
        "generated_on": today,
    }


def _commitments(process: Process, today: datetime.date) -> list[Commitment]:
    """The plan's commitments, each with its milestones (done, late), evidence and civil
    society's assessments; proposals, drafts and withdrawn ones left out."""
    assessments = ProgressUpdate.objects.filter(kind=UpdateKind.CIVIL_SOCIETY)
    milestones = Milestone.objects.order_by("position", "pk").prefetch_related(
        "evidence",
        Prefetch(
            "updates", queryset=assessments.select_related("organisation"), to_attr="assessments"
        ),
    )
    commitments = list(
        Commitment.objects.filter(process=process)
        .exclude(status__in=[Status.PROPOSED, Status.DRAFT, Status.WITHDRAWN])
        .order_by("position", "identifier")
        .prefetch_related(Prefetch("milestones", queryset=milestones))
    )
    for commitment in commitments:
        _progress_note(commitment, today)
    return commitments


def _progress_note(commitment: Commitment, today: datetime.date) -> None:
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


def self_assessment_html(process, language: str) -> str:
    """The print HTML of the self-assessment in one language."""
    with translation.override(language):
        return render_to_string(
            "forum/self_assessment_pdf.html",
            {
                **self_assessment(process),
                "language": language,
                "site_name": settings.COPLAN_SITE_NAME,
            },
        )


def _layout(html: str, fingerprint: str) -> bytes:
    from weasyprint import HTML

    # The print template needs nothing from outside: the same fetcher as every other PDF (no
    # network, no files; only data: URLs written into the document).
    document = HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=no_fetching())
    return document.write_pdf(
        pdf_variant="pdf/ua-1",
        pdf_identifier=fingerprint[:32].encode("ascii"),
        custom_metadata=True,
    )


def self_assessment_pdf_path(process, language: str) -> str:
    """The stored PDF of the self-assessment as it reads now, laid out first if not stored.

    Reading the records to fingerprint them costs about as much as the HTML page, so the name
    found is remembered for a few minutes (like the process page's summary): forum changes drop
    it at once; changes in other apps' records (progress reports) show within SUMMARY_SECONDS.
    """
    from django.core.cache import cache

    from .sections import SUMMARY_SECONDS, generation

    key = f"forum:sa-pdf:{generation()}:{process.pk}:{language}:{timezone.localdate().isoformat()}"
    name = cache.get(key)
    if name is None or not default_storage.exists(name):
        name = _stored_pdf(process, language)
        cache.set(key, name, SUMMARY_SECONDS)
    return name


def _stored_pdf(process, language: str) -> str:
    html = self_assessment_html(process, language)
    fingerprint = hashlib.sha256(html.encode("utf-8")).hexdigest()
    name = f"forum/self-assessment/{fingerprint}-{language}-r{PDF_REVISION}.pdf"
    if not default_storage.exists(name):
        data = _layout(html, fingerprint)
        # Two requests may lay it out at once: the first stored copy wins, both are identical.
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(data))
    return name

"""What the commitments app adds to the others (read by `core.apps.wire_apps`).

The co-drafting and tracking participation pages, the process page's commitments section, the
personal data of its authors for the privacy registry, public comments on drafts and milestones,
and which changes drop the cached public pages."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coplan.contributions.commentable import register_commentable
from coplan.core.pagecache import invalidate_on
from coplan.privacy.deidentify import masked
from coplan.privacy.registry import PersonalData, registry
from coplan.processes.participation import register_participation, register_process_section

from . import selectors
from .models import (
    Amendment,
    Commitment,
    CommitmentActor,
    CommitmentTransition,
    CommitmentVersion,
    ContributionLink,
    Milestone,
    MilestoneEvidence,
    ProgressUpdate,
)
from .models.commitment import CODRAFTING_STATUSES, TRACKING_STATUSES
from .services import codrafting_opportunity, tracking_opportunity

# Co-drafting happens on the list of draft commitments; tracking on the dashboard.
register_participation(
    "codrafting",
    lambda opportunity: (
        reverse("commitments:list", kwargs={"process_slug": opportunity.phase.process.slug})
        + "?status=draft"
    ),
)
register_participation(
    "milestone_tracking",
    lambda opportunity: reverse(
        "commitments:dashboard", kwargs={"process_slug": opportunity.phase.process.slug}
    ),
)
register_process_section(
    order=30,
    template_name="commitments/process_section.html",
    context=selectors.process_summary,
)

# A commitment's point of contact is an office's shared mailbox, not a person's.
registry.exempt(
    Commitment,
    ["contact_email"],
    reason="a public office's shared mailbox, published as the point of contact",
)
RETENTION_ANCHOR = "commitment__process__completed_on"
# Who wrote what: links to accounts, found by access requests and cleared by retention.
for model, field, purpose, retention in (
    (Amendment, "author", _("crediting a participant's proposed amendment"), RETENTION_ANCHOR),
    (CommitmentVersion, "author", _("recording who saved each version of a draft"), None),
    (CommitmentTransition, "by", _("recording who moved a commitment's status"), None),
    (ProgressUpdate, "author", _("recording who reported progress"), None),
    (ContributionLink, "linked_by", _("recording who linked a contribution"), None),
    (CommitmentActor, "responded_by", _("recording who answered an invitation"), None),
):
    registry.register(
        PersonalData(
            model=model,
            fields=(field,),
            purpose=purpose,
            subject_user=f"{field}_id",
            retention_anchor=retention,
            deidentify={field: None},
        )
    )
# A proposed amendment is the participant's own text, which they may have sent as it
# is after the warning: on retention it keeps only its masked copy, like a contribution.
registry.register(
    PersonalData(
        model=Amendment,
        fields=("author", "replacement", "reason"),
        purpose=_("crediting a participant's proposed amendment"),
        subject_user="author_id",
        retention_anchor=RETENTION_ANCHOR,
        deidentify={
            "author": None,
            "replacement": masked("replacement", "redacted_replacement"),
            "reason": masked("reason", "redacted_reason"),
        },
    )
)

# Public comments on drafts and on milestone tracking, once the listening app offers them.
register_commentable(
    Commitment,
    process=lambda commitment: commitment.process,
    opportunity=lambda commitment: codrafting_opportunity(commitment.process),
    accepts_comments=lambda commitment: commitment.status in CODRAFTING_STATUSES,
    visible=lambda queryset: queryset,
)
register_commentable(
    Milestone,
    process=lambda milestone: milestone.commitment.process,
    opportunity=lambda milestone: tracking_opportunity(milestone.commitment.process),
    accepts_comments=lambda milestone: milestone.commitment.status in TRACKING_STATUSES,
    visible=lambda queryset: queryset,
)

# Cached public pages (process page, lists, dashboard) drop when any of these change.
invalidate_on(
    Commitment,
    CommitmentActor,
    CommitmentVersion,
    CommitmentTransition,
    Amendment,
    ContributionLink,
    Milestone,
    MilestoneEvidence,
    ProgressUpdate,
)

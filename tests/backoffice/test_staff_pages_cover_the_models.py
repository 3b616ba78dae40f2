"""Every model of the project is accounted for: staff create or change it on a staff page (not
the Django admin), or it is written by another action, by the public, or by the machinery — with
the reason. Nothing staff do is left to the admin: a model added to ADMIN_ONLY_YET fails the
last test until it gets its staff page."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.urls import URLResolver, get_resolver

# Models staff create or change in the demo's story → the staff page where they do it.
STAFF_PAGE = {
    "processes.Process": "backoffice:process_create",
    "processes.Phase": "backoffice:phases_edit",
    "processes.Opportunity": "backoffice:opportunity_create",
    "contributions.Contribution": "moderation:decide",
    "contributions.Flag": "moderation:decide",
    "moderation.Decision": "moderation:decide",
    "intake.ImportRun": "intake:import_social",
    "events.Event": "backoffice:session_create",
    "processes.StaticPage": "backoffice:page_create",
    "processes.VideoBlock": "processes:staff_process_video_create",
    "processes.ContactBlock": "processes:staff_process_blocks",
    "privacy.CorrectionRequest": "backoffice:correction",
    "surveys.Questionnaire": "backoffice:questionnaire_create",
    "surveys.Question": "backoffice:question_create",
    "surveys.Choice": "backoffice:question_create",
    "events.Registration": "events:staff_registrations",
    "events.VolunteerOffer": "events:staff_volunteer",
    "commitments.Commitment": "commitments:create",
    "commitments.CommitmentActor": "commitments:partners",
    "commitments.Amendment": "commitments:amendment_decide",
    "commitments.CommitmentTransition": "commitments:transition",
    "commitments.ContributionLink": "commitments:sources",
    "commitments.Milestone": "commitments:milestone_add",
    "commitments.ProgressUpdate": "commitments:report",
    "commitments.MilestoneEvidence": "commitments:report",
    "plans.Plan": "plans:staff_plan_create",
    "plans.PlanVersion": "plans:staff_version_create",
    "plans.PlanSection": "plans:staff_section_add",
    "plans.CabinetReview": "plans:staff_cabinet_submit",
    "plans.ChangeExplanation": "plans:staff_changes",
    "analysis.Theme": "analysis:codebook",
    "analysis.Coding": "analysis:code",
    "analysis.ContributionAssessment": "analysis:code",
    "analysis.ContributionTranslation": "analysis:translate",
    "analysis.RejectedSuggestion": "analysis:suggestion",
    "analysis.Campaign": "analysis:campaigns",
    "analysis.CampaignMember": "analysis:campaigns",
    "analysis.TopicCandidate": "analysis:topics",
    "analysis.Report": "analysis:reports",
    "opendata.DataSetVersion": "opendata:staff_datasets",
    "forum.Forum": "forum:staff_forum_edit",
    "forum.ForumMember": "forum:staff_member_add",
    "forum.WorkspacePage": "forum:staff_workspace_new",
    "forum.Meeting": "forum:staff_meeting_add",
    "forum.Attendance": "forum:staff_meeting",
    "forum.MeetingDocument": "forum:staff_meeting",
    "forum.Evidence": "forum:staff_compliance",
    "forum.Lesson": "forum:staff_lessons",
    "forum.ProcessReview": "forum:staff_reviews",
    "commitments.Theme": "backoffice:theme_create",
    "analysis.Disposition": "backoffice:disposition_create",
    "moderation.ModerationReason": "backoffice:reason_create",
    "intake.Mailbox": "backoffice:mailbox_create",
    "accounts.Organisation": "backoffice:organisation_create",
    "accounts.User": "backoffice:person",
}

# Staff create or change these, and today only in the Django admin: each needs its staff page.
ADMIN_ONLY_YET: dict[str, str] = {}

# Written by another action (a record of it, or its by-product), never edited on their own.
RECORDS = {
    "processes.OpportunityStatusChange": "recorded by the opportunity status service",
    "intake.ImportReject": "written by an import",
    "intake.IntakeItem": "written by an import",
    "intake.EmailAttachment": "written by an email import",
    "commitments.CommitmentVersion": "written by each edit of a commitment",
    "plans.FrozenSection": "frozen at publication",
    "plans.PlanParagraph": "frozen at publication",
    "plans.PlanEvent": "the plan's history, written by its services",
    "opendata.DataSetFile": "written by a data set build",
    "forum.WorkspacePageVersion": "kept by each save of a workspace page",
    "notifications.Announcement": "written when something is published or opens",
    "notifications.Delivery": "one per subscriber and announcement, by the sender",
    "notifications.Digest": "assembled by the weekly digest",
    "privacy.RetentionRun": "written by the retention job",
    "accounts.RoleChange": "recorded by the roles service, one per role given or taken",
}

# Made by the public themselves (or for them by a form), never by staff.
PUBLIC = {
    "contributions.ContributorContact": "a contributor's own contact details",
    "contributions.Support": "a participant's support of an idea",
    "surveys.Response": "a respondent's answers",
    "surveys.Answer": "a respondent's answers",
    "notifications.Subscriber": "a subscriber's own address, double opt-in",
    "notifications.Subscription": "a subscriber's own choices",
    "privacy.AccessRequest": "a person asking for their information",
    "accounts.EmailLinkRequest": "a person asking for a sign-in or set-up link",
}

# Machinery: counters, caches, trained models, schedules, audit.
TECHNICAL = {
    "core.ScheduledJob": "the periodic jobs' schedule",
    "core.WorkerHeartbeat": "workers saying they are alive",
    "core.JobProgress": "progress of long jobs",
    "core.OutgoingMail": "each transactional email, claimed and recorded so it is sent once",
    "core.StaffAction": "the audit log (append-only)",
    "surveys.ResultTally": "stored counts of results",
    "analysis.QueueCounts": "stored counters of the coding queue",
    "forum.ComplianceSummary": "stored counts of the compliance rows, for the process page",
    "analysis.TrainedModel": "models trained from the coding",
    "analysis.TopicRun": "a run of theme discovery",
    "notifications.DetectorState": "where the event detector has got to",
}


def _project_models() -> set[str]:
    labels = {app.rsplit(".", 1)[-1] for app in settings.COPLAN_APPS}
    return {m._meta.label for m in apps.get_models() if m._meta.app_label in labels}


def test_every_model_is_accounted_for_once():
    """A new model fails here until it says where staff handle it, or why they do not."""
    groups = [STAFF_PAGE, ADMIN_ONLY_YET, RECORDS, PUBLIC, TECHNICAL]
    named = [label for group in groups for label in group]
    assert len(named) == len(set(named)), "a model listed twice"
    assert set(named) == _project_models()


def test_each_staff_page_named_exists_outside_the_admin():
    """Every page named above is a staff page of the URLconf (``staff/`` in its path)."""
    routes = {}
    for name, route in _routes(get_resolver().url_patterns):
        routes.setdefault(name, route)
    missing = {
        label: name for label, name in STAFF_PAGE.items() if "staff/" not in routes.get(name, "")
    }
    assert missing == {}


def _routes(patterns, prefix: str = "", namespace: str = ""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _routes(pattern.url_patterns, route, inner)
        elif "admin/" not in route:
            yield f"{namespace}{pattern.name}", route


def test_no_model_staff_change_is_left_to_the_admin():
    """The goal of issue 20: nothing staff do needs the Django admin."""
    assert ADMIN_ONLY_YET == {}

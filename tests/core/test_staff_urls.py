"""Every staff page of the URLconf, visited by every role: each role reaches exactly its tools.

Staff pages are the URLs with ``staff/`` in their path. Each one goes through the one permission
layer (``core.permissions.staff_permission``) with the rule this table names; a stranger is sent
to sign in, a role the table does not list gets 403, a listed role gets past the gate (the page,
or a 404 for an object this small world does not hold, or a form error — never 403).
"""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from coplan.commitments import services as commitment_services
from coplan.events.models import VolunteerOffer
from coplan.privacy.models import CorrectionRequest
from coplan.processes.models import StaticPage, VideoBlock
from coplan.surveys.models import Question, Questionnaire
from tests.accounts.factories import OrganisationFactory
from tests.commitments.factories import make_commitment, make_milestone
from tests.events.factories import EventFactory
from tests.processes.factories import OpportunityFactory

ROLE_NAMES = (
    "participant",
    "moderator",
    "analyst",
    "forum member",
    "department reporter",
    "administrator",
)
ADMINISTRATOR = frozenset({"administrator"})
ANALYSTS = frozenset({"administrator", "analyst"})
MODERATORS = frozenset({"administrator", "moderator"})
DRAFTERS = frozenset({"administrator", "forum member"})
FORUM = frozenset({"forum member"})
NOBODY = frozenset()
STAFF = frozenset(ROLE_NAMES) - {"participant"}

# URL name → (the rule that guards it, the roles that reach it in this test's world).
STAFF_PAGES: dict[str, tuple[str, frozenset[str]]] = {
    "backoffice:home": ("backoffice.view_home", STAFF),
    "backoffice:pages": ("processes.manage_pages", ADMINISTRATOR),
    "backoffice:page_create": ("processes.manage_pages", ADMINISTRATOR),
    "backoffice:page": ("processes.manage_pages", ADMINISTRATOR),
    "backoffice:corrections": ("privacy.change_correctionrequest", ADMINISTRATOR),
    "backoffice:correction": ("privacy.change_correctionrequest", ADMINISTRATOR),
    "backoffice:processes": ("processes.manage_process", ADMINISTRATOR),
    "backoffice:process_create": ("processes.manage_process", ADMINISTRATOR),
    "backoffice:process": ("processes.manage_process", ADMINISTRATOR),
    "backoffice:process_edit": ("processes.manage_process", ADMINISTRATOR),
    "backoffice:phases_edit": ("processes.manage_process", ADMINISTRATOR),
    "backoffice:current_phase": ("processes.manage_process", ADMINISTRATOR),
    "backoffice:process_close": ("processes.manage_process", ADMINISTRATOR),
    "backoffice:opportunity_create": ("processes.manage_process", ADMINISTRATOR),
    "backoffice:opportunity": ("processes.manage_process", ADMINISTRATOR),
    "backoffice:opportunity_open": ("processes.manage_process", ADMINISTRATOR),
    "backoffice:opportunity_close": ("processes.manage_process", ADMINISTRATOR),
    "backoffice:session_create": ("events.add_event", ADMINISTRATOR),
    "backoffice:session": ("events.change_event", ADMINISTRATOR),
    "backoffice:questionnaire_create": ("surveys.add_questionnaire", ADMINISTRATOR),
    "backoffice:questionnaire": ("surveys.change_questionnaire", ADMINISTRATOR),
    "backoffice:question_create": ("surveys.add_question", ADMINISTRATOR),
    "backoffice:question": ("surveys.change_question", ADMINISTRATOR),
    "backoffice:question_move": ("surveys.change_question", ADMINISTRATOR),
    "backoffice:question_copy": ("surveys.add_question", ADMINISTRATOR),
    "backoffice:question_delete": ("surveys.delete_question", ADMINISTRATOR),
    "backoffice:questionnaire_copy": ("surveys.add_questionnaire", ADMINISTRATOR),
    "backoffice:settings": ("backoffice.view_settings", ANALYSTS),
    "backoffice:people": ("accounts.manage_users", ADMINISTRATOR),
    "backoffice:person": ("accounts.manage_users", ADMINISTRATOR),
    "backoffice:person_mfa_reset": ("accounts.manage_users", ADMINISTRATOR),
    "backoffice:mailboxes": ("intake.manage_mailboxes", ADMINISTRATOR),
    "backoffice:mailbox_create": ("intake.manage_mailboxes", ADMINISTRATOR),
    "backoffice:mailbox": ("intake.manage_mailboxes", ADMINISTRATOR),
    "backoffice:mailbox_test": ("intake.manage_mailboxes", ADMINISTRATOR),
    "backoffice:themes": ("commitments.manage_themes", ADMINISTRATOR),
    "backoffice:theme_create": ("commitments.manage_themes", ADMINISTRATOR),
    "backoffice:theme": ("commitments.manage_themes", ADMINISTRATOR),
    "backoffice:theme_delete": ("commitments.manage_themes", ADMINISTRATOR),
    "backoffice:dispositions": ("analysis.manage_codebook", ANALYSTS),
    "backoffice:disposition_create": ("analysis.manage_codebook", ANALYSTS),
    "backoffice:disposition": ("analysis.manage_codebook", ANALYSTS),
    "backoffice:disposition_delete": ("analysis.manage_codebook", ANALYSTS),
    "backoffice:reasons": ("moderation.change_moderationreason", ADMINISTRATOR),
    "backoffice:reason_create": ("moderation.change_moderationreason", ADMINISTRATOR),
    "backoffice:reason": ("moderation.change_moderationreason", ADMINISTRATOR),
    "backoffice:organisations": ("accounts.manage_organisations", ADMINISTRATOR),
    "backoffice:organisation_create": ("accounts.manage_organisations", ADMINISTRATOR),
    "backoffice:organisation": ("accounts.manage_organisations", ADMINISTRATOR),
    "backoffice:organisation_delete": ("accounts.manage_organisations", ADMINISTRATOR),
    "moderation:queue": ("moderation.moderate", MODERATORS),
    "moderation:decide": ("moderation.moderate", MODERATORS),
    "moderation:log": ("moderation.moderate", MODERATORS),
    "moderation:detail": ("moderation.moderate", MODERATORS),
    "intake:index": ("intake.view_runs", MODERATORS),
    "intake:run_rejects": ("intake.view_runs", MODERATORS),
    "intake:import_notes": ("intake.import", MODERATORS),
    "intake:import_social": ("intake.import", MODERATORS),
    "surveys:staff_list": ("surveys.view_staff_results", ANALYSTS),
    "surveys:staff_results": ("surveys.view_staff_results", ANALYSTS),
    "surveys:staff_export": ("surveys.export_responses", ANALYSTS),
    "events:staff_list": ("events.manage_registrations", ADMINISTRATOR),
    "events:staff_registrations": ("events.manage_registrations", ADMINISTRATOR),
    "events:staff_export": ("events.manage_registrations", ADMINISTRATOR),
    "events:staff_notes": ("events.record_notes", ANALYSTS),
    "events:staff_note_add": ("events.record_notes", ANALYSTS),
    "events:staff_notes_import": ("events.record_notes", ANALYSTS),
    "events:staff_summary_set": ("events.record_notes", ANALYSTS),
    "events:staff_volunteers": ("events.manage_volunteers", ADMINISTRATOR),
    "events:staff_volunteer": ("events.manage_volunteers", ADMINISTRATOR),
    "commitments:create": ("commitments.add_commitment", DRAFTERS),
    "commitments:invitations": ("commitments.view_staff", STAFF),
    "commitments:edit": ("commitments.edit_commitment", DRAFTERS),
    "commitments:transition": ("commitments.change_status", DRAFTERS),
    "commitments:amendments": ("commitments.decide_amendment", DRAFTERS),
    "commitments:amendment_decide": ("commitments.decide_amendment", DRAFTERS),
    "commitments:partners": ("commitments.manage_partners", DRAFTERS),
    # Only a member of the invited organisation answers; none of the role users is one.
    "commitments:partner_respond": ("commitments.respond_partnership", NOBODY),
    "commitments:milestone_add": ("commitments.edit_commitment", DRAFTERS),
    "commitments:milestone_edit": ("commitments.edit_commitment", DRAFTERS),
    # Reporters report for their own organisation's milestones; the role users have none.
    "commitments:report": ("commitments.report_progress", ADMINISTRATOR),
    "commitments:assess": ("commitments.post_assessment", NOBODY),
    "commitments:sources": ("commitments.link_contribution", DRAFTERS | ANALYSTS),
    "commitments:source_unlink": ("commitments.link_contribution", DRAFTERS | ANALYSTS),
    "plans:staff_plan": ("plans.view_staff", ANALYSTS),
    "plans:staff_plan_create": ("plans.manage_plan", ADMINISTRATOR),
    "plans:staff_version_create": ("plans.manage_plan", ADMINISTRATOR),
    "plans:staff_version": ("plans.view_staff", ANALYSTS),
    "plans:staff_section_add": ("plans.manage_plan", ADMINISTRATOR),
    "plans:staff_section_edit": ("plans.manage_plan", ADMINISTRATOR),
    "plans:staff_section_move": ("plans.manage_plan", ADMINISTRATOR),
    "plans:staff_section_delete": ("plans.manage_plan", ADMINISTRATOR),
    "plans:staff_cabinet_submit": ("plans.manage_plan", ADMINISTRATOR),
    "plans:staff_cabinet_decide": ("plans.manage_plan", ADMINISTRATOR),
    "plans:staff_version_publish": ("plans.manage_plan", ADMINISTRATOR),
    "plans:staff_version_discard": ("plans.manage_plan", ADMINISTRATOR),
    "plans:staff_changes": ("plans.explain_changes", ANALYSTS),
    "analysis:home": ("analysis.code", ANALYSTS),
    "analysis:queue": ("analysis.code", ANALYSTS),
    "analysis:code": ("analysis.code", ANALYSTS),
    "analysis:translate": ("analysis.code", ANALYSTS),
    "analysis:suggestion": ("analysis.code", ANALYSTS),
    "analysis:codebook": ("analysis.manage_codebook", ANALYSTS),
    "analysis:theme_edit": ("analysis.manage_codebook", ANALYSTS),
    "analysis:theme_merge": ("analysis.manage_codebook", ANALYSTS),
    "analysis:theme_split": ("analysis.manage_codebook", ANALYSTS),
    "analysis:retrain": ("analysis.code", ANALYSTS),
    "analysis:campaigns": ("analysis.code", ANALYSTS),
    "analysis:campaigns_detect": ("analysis.code", ANALYSTS),
    "analysis:topics": ("analysis.manage_codebook", ANALYSTS),
    "analysis:topic_adopt": ("analysis.manage_codebook", ANALYSTS),
    "analysis:reports": ("analysis.write_report", ANALYSTS),
    "analysis:report_staff": ("analysis.write_report", ANALYSTS),
    "analysis:report_publish": ("analysis.write_report", ANALYSTS),
    "opendata:staff_datasets": ("opendata.view_staff", ANALYSTS),
    "opendata:staff_version": ("opendata.view_staff", ANALYSTS),
    "forum:staff_home": ("forum.view_staff", STAFF),
    "forum:staff_forum_edit": ("forum.manage_forum", ADMINISTRATOR),
    "forum:staff_member_add": ("forum.manage_members", ADMINISTRATOR),
    "forum:staff_members": ("forum.manage_members", ADMINISTRATOR),
    "forum:staff_member_edit": ("forum.manage_members", ADMINISTRATOR),
    "forum:staff_member_end": ("forum.manage_members", ADMINISTRATOR),
    "forum:staff_meeting_add": ("forum.manage_meetings", DRAFTERS),
    "forum:staff_meeting": ("forum.manage_meetings", DRAFTERS),
    "forum:staff_meeting_attendance": ("forum.manage_meetings", DRAFTERS),
    "forum:staff_meeting_document_add": ("forum.manage_meetings", DRAFTERS),
    "forum:staff_meeting_publish_agenda": ("forum.manage_meetings", DRAFTERS),
    "forum:staff_meeting_publish_minutes": ("forum.manage_meetings", DRAFTERS),
    "forum:staff_workspace": ("forum.view_workspace", FORUM),
    "forum:staff_workspace_new": ("forum.edit_workspace", FORUM),
    "forum:staff_workspace_edit": ("forum.edit_workspace", FORUM),
    "forum:staff_workspace_versions": ("forum.view_workspace", FORUM),
    "forum:staff_workspace_version": ("forum.view_workspace", FORUM),
    "forum:staff_evidence_file": ("forum.view_staff", STAFF),
    "forum:staff_coverage": ("forum.view_staff", STAFF),
    "forum:staff_compliance": ("forum.view_staff", STAFF),
    "forum:staff_lessons": ("forum.manage_lessons", DRAFTERS),
    "forum:staff_lessons_publish": ("forum.manage_lessons", DRAFTERS),
    "forum:staff_reviews": ("forum.manage_reviews", ADMINISTRATOR),
    "core:job_progress": ("core.view_progress", STAFF),
    "processes:staff_process_blocks": ("processes.manage_blocks", ADMINISTRATOR),
    "processes:staff_process_video_create": ("processes.manage_blocks", ADMINISTRATOR),
    "processes:staff_page_blocks": ("processes.manage_blocks", ADMINISTRATOR),
    "processes:staff_page_video_create": ("processes.manage_blocks", ADMINISTRATOR),
    "processes:staff_video_edit": ("processes.manage_blocks", ADMINISTRATOR),
    "processes:staff_video_delete": ("processes.manage_blocks", ADMINISTRATOR),
}


def _staff_patterns(patterns=None, prefix: str = "", namespace: str = ""):
    """(URL name, route, view) of every pattern whose route has ``staff/``, the admin aside."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _staff_patterns(pattern.url_patterns, route, inner)
        elif isinstance(pattern, URLPattern) and "staff/" in route and "admin/" not in route:
            yield f"{namespace}{pattern.name}", route, pattern.callback


def test_every_staff_page_is_in_the_table_with_its_rule():
    """A staff page added without going through staff_permission, or without a row here, fails."""
    found = {name: getattr(view, "permission", None) for name, _route, view in _staff_patterns()}
    assert found == {name: rule for name, (rule, _roles) in STAFF_PAGES.items()}


@pytest.fixture
def world(db):
    """A process with a commitment, a milestone, an invited partner and an opportunity: the
    objects some staff pages check their rule against. Other objects the URLs name do not
    exist."""
    commitment = make_commitment(status="in_implementation")
    milestone = make_milestone(commitment)
    actor = commitment_services.actor_add(
        commitment=commitment,
        organisation=OrganisationFactory(kind="civil_society"),
        kind="civil_society",
    )
    opportunity = OpportunityFactory(phase=commitment.process.phases.get(kind="development"))
    event = EventFactory(opportunity=OpportunityFactory(phase=opportunity.phase, kind="sessions"))
    questionnaire = Questionnaire.objects.create(
        opportunity=opportunity, slug="q", title_en="Q", title_fr="Q"
    )
    question = Question.objects.create(
        questionnaire=questionnaire, position=1, kind="yes_no", text_en="Q?", text_fr="Q?"
    )
    correction = CorrectionRequest.objects.create(
        email="person@example.org", details="My name.", due_on=datetime.date(2030, 1, 1)
    )
    page = StaticPage.objects.create(
        slug="about", title_en="About", title_fr="À propos", body_en="A.", body_fr="À."
    )
    video = VideoBlock.objects.create(
        page=page,
        title_en="Welcome",
        title_fr="Bienvenue",
        embed_url="https://youtu.be/dQw4w9WgXcQ",
        transcript_en="Hello.",
        transcript_fr="Bonjour.",
    )
    return {
        "page": page,
        "video": video,
        "correction": correction,
        "questionnaire": questionnaire,
        "question": question,
        "commitment": commitment,
        "milestone": milestone,
        "actor": actor,
        "opportunity": opportunity,
        "event": event,
        "volunteer": VolunteerOffer.objects.create(
            process=commitment.process,
            role="facilitate",
            offer="Town halls.",
            name="A",
            email="a@x.ca",
        ),
    }


def _url(name: str, route: str, world) -> str:
    commitment = world["commitment"]
    values = {
        "slug": commitment.process.slug,
        "process_slug": commitment.process.slug,
        "identifier": commitment.identifier,
        "pk": 999_999,
        "number": 1,
        "document_pk": 999_999,
        "decision": "accept",
        "page_slug": world["page"].slug,
    }
    if name in ("commitments:report", "commitments:assess", "commitments:milestone_edit"):
        values["pk"] = world["milestone"].pk
    if name.startswith("backoffice:opportunity") and name != "backoffice:opportunity_create":
        values["pk"] = world["opportunity"].pk
    if name.startswith(("backoffice:questionnaire", "backoffice:question")):
        values["pk"] = world["questionnaire"].pk
        values["question_pk"] = world["question"].pk
    if name == "backoffice:correction":
        values["pk"] = world["correction"].pk
    if name == "backoffice:session":
        values["pk"] = world["event"].pk
    if name.startswith("processes:staff_video_"):
        values["pk"] = world["video"].pk
    if name == "events:staff_volunteer":
        values["pk"] = world["volunteer"].pk
    if name == "commitments:partner_respond":
        values["pk"] = world["actor"].pk
    if name == "core:job_progress":
        values["pk"] = uuid.uuid4()
    kwargs = {
        key: value for key, value in values.items() if f"<{key}>" in route or f":{key}>" in route
    }
    return reverse(name, kwargs=kwargs)


def _visit(client, url: str):
    """GET the page; a page that only takes POST (405) is posted to, empty."""
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url)
    return response


@pytest.mark.parametrize("name", sorted(STAFF_PAGES))
def test_each_role_reaches_exactly_its_staff_pages(name, world, client, role_user):
    """Strangers go to sign in; each role is refused (403) or let through as the table says."""
    route = next(route for found, route, _view in _staff_patterns() if found == name)
    url = _url(name, route, world)
    response = _visit(client, url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    _rule, allowed = STAFF_PAGES[name]
    outcome = {}
    for role in ROLE_NAMES:
        client.force_login(role_user(role))
        response = _visit(client, url)
        is_sign_in = response.status_code == 302 and response["Location"].startswith(
            reverse("accounts:login")
        )
        outcome[role] = response.status_code != 403 and not is_sign_in
    assert outcome == {role: role in allowed for role in ROLE_NAMES}

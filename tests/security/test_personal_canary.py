"""Canaries: personal values planted through every public path, approved by moderation, never
appear in anything the site publishes."""

from __future__ import annotations

import datetime
import io
import zipfile
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from coplan.analysis.models import Coding, Theme
from coplan.analysis.services import report_create, report_publish, translation_save
from coplan.commitments.models import Amendment
from coplan.commitments.services import amendment_accept
from coplan.contributions.forms import new_form_token
from coplan.contributions.models import Channel, Contribution, Kind
from coplan.events.models import Event
from coplan.events.services import event_note_add
from coplan.intake.email_import import email_files_import
from coplan.intake.social import social_export_import
from coplan.moderation.services import contributions_moderate
from coplan.opendata.models import DataSetFile
from coplan.opendata.services import dataset_version_request
from coplan.plans.pdf import render_version_pdf
from coplan.processes.models import Opportunity
from tests.accounts.factories import UserFactory
from tests.commitments.factories import make_commitment, make_milestone
from tests.events.factories import EventFactory
from tests.plans.factories import plan_opportunities, published_review
from tests.processes.factories import OpportunityFactory, ProcessFactory
from tests.surveys.factories import question, questionnaire_with_every_kind
from tests.surveys.helpers import form_data as survey_form_data
from tests.surveys.helpers import review_then_send

from .canary import CANARY_EMAIL, CANARY_PHONE, canary_text, hidden_fields, leaks


@pytest.mark.django_db
def test_amendment_with_personal_values_is_published_masked(client, moderator, forum_member):
    """An amendment whose proposal and reason hold an email, a phone number and a SIN, sent as
    it is after the warning and approved, shows none of them on the commitment page (English
    and French), the flag page or the API; accepting it puts the masked text in the commitment."""
    commitment = make_commitment(status="draft")
    client.force_login(UserFactory())
    base = f"/en/commitments/{commitment.process.slug}/{commitment.identifier}/"
    form = client.get(base + "amend/")
    assert form.status_code == 200
    data = {
        **hidden_fields(form.content.decode(), within='method="post"'),
        "field": "description",
        "language": "en",
        "replacement": canary_text("Proposal"),
        "reason": canary_text("Reason"),
    }
    warned = client.post(base + "amend/", data)
    assert warned.status_code == 200
    assert "Your text may contain sensitive information" in warned.content.decode()
    assert not Amendment.objects.exists()
    sent = client.post(base + "amend/", {**data, "confirm_sensitive": "1"})
    assert sent.status_code == 302
    amendment = Amendment.objects.get()
    contributions_moderate(
        contribution_ids=[amendment.contribution_id], action="approve", moderator=moderator
    )
    client.logout()
    for url in (
        base,
        base.replace("/en/", "/fr/"),
        f"/en/participate/contributions/{amendment.contribution_id}/flag/",
        f"/fr/participate/contributions/{amendment.contribution_id}/flag/",
        f"/api/v1/contributions/{amendment.contribution_id}",
        "/api/v1/contributions?limit=100",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert not leaks(response.content), url
    assert "[email removed]" in client.get(base).content.decode()

    amendment_accept(
        amendment=amendment, editor=forum_member, response_en="Yes.", response_fr="Oui."
    )
    commitment.refresh_from_db()
    assert not leaks(commitment.description_en)
    assert "[SIN removed]" in commitment.description_en
    for url in (base, base + "versions/?from=1&to=2", base + "template/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert not leaks(response.content), url
    assert CANARY_EMAIL not in client.get(base.replace("/en/", "/fr/")).content.decode()


# --- Every path, every output -------------------------------------------------------------------


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def _file_text(path: Path, format: str) -> str:
    """A data set file as text: XLSX unzipped and every XML part read (shared strings too)."""
    if format == "xlsx":
        with zipfile.ZipFile(path) as archive:
            return "\n".join(
                archive.read(name).decode("utf-8", "replace")
                for name in archive.namelist()
                if name.endswith(".xml")
            )
    return path.read_text("utf-8")


class Planted:
    """Canaries sent through each way in, as the public (or staff, or an import) sends them."""

    def __init__(self, client, process) -> None:
        self.client = client
        self.process = process

    def comment(self, target, text: str, *, parent=None) -> None:
        content_type = ContentType.objects.get_for_model(target)
        data = {
            "form_token": new_form_token(),
            "text": text,
            "consent_to_publish": "on",
            "confirm_sensitive": "1",
        }
        if parent is not None:
            data["parent"] = parent.pk
        response = self.client.post(f"/en/participate/comment/{content_type.pk}/{target.pk}/", data)
        assert response.status_code == 302, response.content.decode()[:2000]


def _approve_pending(moderator) -> None:
    pending = list(
        Contribution.objects.filter(moderation_state="pending").values_list("pk", flat=True)
    )
    if pending:
        contributions_moderate(contribution_ids=pending, action="approve", moderator=moderator)


@pytest.mark.django_db(transaction=False)
def test_canaries_sent_through_every_path_appear_in_no_public_output(
    client, settings, tmp_path, moderator, forum_member, django_capture_on_commit_callbacks
):
    """Email, phone number and SIN planted through every way public text comes in (idea,
    comment, reply, comment on a draft commitment, on a milestone and on a plan paragraph,
    amendment, questionnaire free text and "Other", page feedback, session notes, email and
    social-media imports), each sent as it is after the warning and approved by moderation,
    and an analyst's translation made from the text as written: none appears on the public
    pages in English and French, the API, the Atom feed, the open data files (CSV, JSON, XLSX),
    the What We Heard report (HTML and PDF) or the plan's PDF."""
    process = ProcessFactory(slug="canary")
    phase = {p.kind: p for p in process.phases.all()}
    ideas = OpportunityFactory(phase=phase["development"], kind="ideas", slug="ideas")
    OpportunityFactory(phase=phase["drafting"], kind="codrafting", slug="codrafting")
    OpportunityFactory(phase=phase["implementation"], kind="milestone_tracking", slug="tracking")
    draft_plan, _final = plan_opportunities(process)
    sessions = OpportunityFactory(phase=phase["development"], kind="sessions", slug="sessions")
    questionnaire = questionnaire_with_every_kind(
        opportunity=OpportunityFactory(
            phase=phase["development"], kind="questionnaire", slug="priorities"
        ),
        results_visibility="public",
    )
    draft = make_commitment(process, identifier="C-01", status="draft")
    implemented = make_commitment(process, identifier="C-02", status="in_implementation")
    milestone = make_milestone(implemented)
    participant = UserFactory()
    client.force_login(participant)
    plant = Planted(client, process)

    # Idea, through its form: warned first, then sent as it is.
    idea_url = f"/en/participate/{process.slug}/{ideas.slug}/ideas/new/"
    idea_data = {
        "form_token": new_form_token(),
        "title": f"Idea title {CANARY_EMAIL}",
        "text": canary_text("Idea"),
        "consent_to_publish": "on",
    }
    warned = client.post(idea_url, idea_data)
    assert "Your text may contain sensitive information" in warned.content.decode()
    assert client.post(idea_url, {**idea_data, "confirm_sensitive": "1"}).status_code == 302
    idea = Contribution.objects.get(kind="idea")
    _approve_pending(moderator)
    # Comments: on the idea, on the draft commitment, on the milestone.
    plant.comment(idea, canary_text("Comment on an idea"))
    plant.comment(draft, canary_text("Comment on a draft commitment"))
    plant.comment(milestone, canary_text("Progress comment"))
    _approve_pending(moderator)
    parent = Contribution.objects.get(text__startswith="Comment on an idea")
    plant.comment(idea, canary_text("Reply"), parent=parent)
    # Amendment, through its form.
    base = f"/en/commitments/{process.slug}/{draft.identifier}/"
    amend = {
        **hidden_fields(client.get(base + "amend/").content.decode(), within='method="post"'),
        "field": "description",
        "language": "en",
        "replacement": canary_text("Proposal"),
        "reason": canary_text("Reason"),
        "confirm_sensitive": "1",
    }
    assert client.post(base + "amend/", amend).status_code == 302
    # Questionnaire: free text and "Other", reviewed (with the warning) then sent.
    answers = survey_form_data(questionnaire)
    answers[f"q{question(questionnaire, 'long_text').pk}"] = canary_text("Free text")
    answers[f"q{question(questionnaire, 'multiple').pk}_other"] = canary_text("Other")
    assert review_then_send(client, questionnaire, answers).status_code == 302
    # Page feedback.
    feedback = {
        "feedback-form_token": new_form_token(),
        "feedback-page": f"/en/processes/{process.slug}/",
        "feedback-useful": "no",
        "feedback-comment": canary_text("Page feedback"),
        "confirm_sensitive": "1",
    }
    assert client.post("/en/participate/page-feedback/", feedback).status_code == 302
    # A session proposed by a partner, through its form: warned, then sent as it is (its contact
    # address is a canary too: it must never be shown).
    Opportunity.objects.filter(pk=sessions.pk).update(status="open")
    propose_url = f"/en/events/propose/{process.slug}/"
    proposal = {
        "form_token": new_form_token(),
        "title": f"Session {CANARY_PHONE}",
        "description": canary_text("Session proposal"),
        "host_organisation": f"Partner network, {CANARY_EMAIL}",
        "day": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
        "start_time": "18:00",
        "end_time": "20:00",
        "time_zone": "America/Toronto",
        "format": "online",
        "online_url": "https://meet.example.org/open-gov",
        "contact_name": "Partner",
        "contact_email": CANARY_EMAIL,
    }
    warned = client.post(propose_url, proposal)
    assert "Your text may contain sensitive information" in warned.content.decode()
    assert client.post(propose_url, {**proposal, "confirm_sensitive": "1"}).status_code == 302
    proposed = Event.objects.get(proposal__isnull=False)
    # Session notes, entered by staff; email and social-media posts, imported.
    event = EventFactory(opportunity=sessions)
    event_note_add(
        event=event,
        topic="Table 1",
        facilitator="",
        text=canary_text("Session note"),
        consent_to_publish=True,
    )
    message = (
        "From: Someone <someone@example.org>\r\nTo: consult@example.gc.ca\r\n"
        "Subject: My view\r\nMessage-ID: <canary-1@example.org>\r\n"
        "Date: Mon, 5 Feb 2018 10:00:00 -0500\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        f"{canary_text('Email')}\r\n"
    ).encode()
    email_files_import(process=process, files=[("canary.eml", message)])
    posts = (
        "platform,post id,author handle,text,time,url\n"
        f'twitter,9001,@someone,"{canary_text("Social post")}",2018-02-05T10:00:00Z,\n'
    )
    social_export_import(process=process, uploaded_file=posts.encode(), filename="posts.csv")
    client.logout()
    _approve_pending(moderator)
    # Plan paragraphs take comments once the draft is published for review.
    version = published_review(process)
    paragraph = version.paragraphs.order_by("number").first()
    client.force_login(participant)
    plant.comment(paragraph, canary_text("Paragraph comment"))
    client.logout()
    _approve_pending(moderator)

    stored = Contribution.objects.all()
    # Every channel and kind was planted, so a kind or channel added later must be planted too.
    assert set(stored.values_list("channel", flat=True)) == set(Channel.values)
    assert set(stored.values_list("kind", flat=True)) == set(Kind.values)
    assert all(leaks(c.title + c.text) for c in stored if c.kind != "page_feedback")
    assert not stored.exclude(moderation_state="published").exists()

    # Accepting the amendment puts its masked text in the commitment.
    amendment_accept(
        amendment=Amendment.objects.get(),
        editor=forum_member,
        response_en="Accepted.",
        response_fr="Acceptée.",
    )
    # An analyst translates the idea as written (the coding page shows the text as written).
    translation_save(contribution=idea, language="fr", text=idea.text, user=None)
    # Analysis: every contribution coded, so the report quotes them.
    theme = Theme.objects.create(process=process, code="all", name_en="All", name_fr="Tout")
    for contribution in stored:
        Coding.objects.create(contribution=contribution, theme=theme, confirmed=True)
    report = report_publish(report=report_create(process=process))

    outputs: dict[str, bytes | str] = {}
    for language in ("en", "fr"):
        pages = [
            f"/{language}/processes/{process.slug}/",
            f"/{language}/participate/{process.slug}/{ideas.slug}/ideas/",
            f"/{language}/participate/ideas/{idea.pk}/",
            f"/{language}/commitments/{process.slug}/",
            f"/{language}/commitments/{process.slug}/{draft.identifier}/",
            f"/{language}/commitments/{process.slug}/{draft.identifier}/versions/?from=1&to=2",
            f"/{language}/commitments/{process.slug}/{draft.identifier}/template/",
            f"/{language}/commitments/{process.slug}/{implemented.identifier}/",
            f"/{language}/commitments/{process.slug}/{implemented.identifier}"
            f"/milestones/{milestone.pk}/",
            f"/{language}/plans/{process.slug}/v{version.number}/",
            f"/{language}/plans/{process.slug}/v{version.number}/paragraphs/{paragraph.number}/",
            f"/{language}/events/{event.pk}/",
            f"/{language}/events/{proposed.pk}/",
            f"/{language}/events/{proposed.pk}/session.ics",
            f"/{language}/events/",
            f"/{language}/events/calendar/{process.slug}.ics",
            f"/{language}/questionnaires/{questionnaire.pk}/results/",
            f"/{language}/analysis/reports/{report.pk}/",
            f"/{language}/open-data/{process.slug}/feed.atom",
            f"/{language}/open-data/{process.slug}/",
        ]
        pages += [f"/{language}/participate/contributions/{c.pk}/flag/" for c in stored]
        pages += [
            f"/{language}/participate/contributions/{c.pk}/"
            for c in stored
            if c.kind != "idea" and c.consent_to_publish
        ]
        pages += [
            f"/{language}/commitments/{process.slug}/export/{name}"
            for name in ("commitments.csv", "commitments.json", "milestones.csv")
        ]
        for url in pages:
            response = client.get(url)
            assert response.status_code == 200, url
            outputs[url] = (
                b"".join(response.streaming_content) if response.streaming else response.content
            )
        response = client.get(f"/{language}/analysis/reports/{report.pk}/pdf/")
        assert response.status_code == 200
        data = b"".join(response.streaming_content) if response.streaming else response.content
        outputs[f"report PDF ({language})"] = _pdf_text(data)
        outputs[f"plan PDF ({language})"] = _pdf_text(render_version_pdf(version, language))

    api = "/api/v1/contributions?limit=100"
    listing = client.get(api)
    outputs[api] = listing.content
    assert {item["id"] for item in listing.json()["items"]} >= {
        c.pk for c in stored if c.consent_to_publish
    }
    for contribution in stored.filter(consent_to_publish=True):
        url = f"/api/v1/contributions/{contribution.pk}"
        outputs[url] = client.get(url).content
    for url in (
        "/api/v1/commitments",
        "/api/v1/milestones",
        "/api/v1/progress-updates",
        "/api/v1/events",
    ):
        outputs[url] = client.get(url).content

    with django_capture_on_commit_callbacks(execute=True):
        for kind in ("contributions", "commitments", "questionnaire_results"):
            dataset_version_request(process=process, kind=kind)
    assert process.dataset_versions.filter(status="published").count() == 3
    files = list(DataSetFile.objects.all())
    assert {record.format for record in files} >= {"csv", "json", "xlsx"}
    for record in files:
        path = Path(settings.MEDIA_ROOT) / record.path
        outputs[record.path] = _file_text(path, record.format)

    leaked = {where: found for where, content in outputs.items() if (found := leaks(content))}
    assert not leaked, f"canaries published: {leaked}"
    # The masked text is what is shown: the search above did not pass on empty outputs.
    assert "[email removed]" in outputs[f"/en/participate/ideas/{idea.pk}/"].decode()
    assert "[email removed]" in outputs[f"/en/analysis/reports/{report.pk}/"].decode()
    assert "[email removed]" in outputs["report PDF (en)"]
    assert any("[email removed]" in str(text) for name, text in outputs.items() if ".csv" in name)

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coplan.commitments import services
from coplan.commitments.models import CommitmentActor
from coplan.contributions.models import Contribution
from tests.accounts.factories import OrganisationFactory, UserFactory, staff_with_role
from tests.commitments.factories import make_commitment, make_milestone
from tests.contributions.conftest import form_token
from tests.contributions.factories import ContributionFactory


def _staff_urls(commitment, milestone):
    base = f"/en/commitments/{commitment.process.slug}/{commitment.identifier}/staff/"
    return {
        "edit": base + "edit/",
        "status": base + "status/",
        "amendments": base + "amendments/",
        "partners": base + "partners/",
        "sources": base + "sources/",
        "report": base + f"milestones/{milestone.pk}/report/",
        "assess": base + f"milestones/{milestone.pk}/assess/",
    }


# role -> the staff pages it may open (everything else is 403; anonymous is redirected).
ALLOWED = {
    "participant": set(),
    "moderator": set(),
    "analyst": {"sources"},
    "forum member": {"edit", "status", "amendments", "partners", "sources"},
    "department reporter": {"report"},
    "administrator": {"edit", "status", "amendments", "partners", "sources", "report"},
    "civil society partner": {"assess"},
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", sorted(ALLOWED))
def test_staff_pages_per_role(client, role):
    department = OrganisationFactory()
    partner_org = OrganisationFactory(kind="civil_society")
    commitment = make_commitment(status="draft")
    milestone = make_milestone(commitment, responsible=department)
    CommitmentActor.objects.create(
        commitment=commitment, organisation=partner_org, kind="civil_society", status="confirmed"
    )
    urls = _staff_urls(commitment, milestone)
    for url in urls.values():
        response = client.get(url)
        assert response.status_code == 302 and "sign-in" in response["Location"], url
    if role == "participant":
        user = UserFactory()
    elif role == "department reporter":
        user = staff_with_role(role, organisation=department)
    elif role == "civil society partner":
        user = staff_with_role("forum member", organisation=partner_org)
        # A forum member may edit too; here we only check the assessment page opens.
        urls = {"assess": urls["assess"]}
    else:
        user = staff_with_role(role)
    client.force_login(user)
    for name, url in urls.items():
        expected = 200 if name in ALLOWED[role] else 403
        assert client.get(url).status_code == expected, (role, name)


@pytest.mark.django_db
def test_participant_cannot_edit_but_can_propose_amendment(client):
    commitment = make_commitment(status="draft")
    user = UserFactory()
    client.force_login(user)
    base = f"/en/commitments/{commitment.process.slug}/{commitment.identifier}/"
    assert client.post(base + "staff/edit/", {"title_en": "Hacked"}).status_code == 403
    token = form_token(client.get(base + "amend/").content.decode())
    data = {
        "form_token": token,
        "field": "title",
        "language": "en",
        "replacement": "New title",
        "reason": "Better",
    }
    response = client.post(base + "amend/", data)
    assert response.status_code == 302
    assert Contribution.objects.get().kind == "submission"
    # The form sent again (a double click, a replay) stores nothing twice.
    assert client.post(base + "amend/", data).status_code == 302
    assert Contribution.objects.count() == 1 and commitment.amendments.count() == 1
    bad = client.post(
        base + "amend/", {"form_token": token, "field": "nope", "language": "en", "replacement": ""}
    )
    assert bad.status_code == 400 and "error-summary" in bad.content.decode()
    assert client.post(base + "amend/", {**data, "website": "http://spam"}).status_code == 400


@pytest.mark.django_db
def test_token_of_another_form_cannot_attach_an_amendment_to_its_contribution(client, open_ideas):
    """An idea's one-time token replayed on the amendment form stores a new amendment with its
    own contribution, never one pointing at the idea."""
    commitment = make_commitment(open_ideas.phase.process, status="draft")
    client.force_login(UserFactory())
    ideas = f"/en/participate/{commitment.process.slug}/{open_ideas.slug}/ideas/new/"
    token = form_token(client.get(ideas).content.decode())
    idea = {"form_token": token, "title": "T", "text": "An idea.", "consent_to_publish": "on"}
    assert client.post(ideas, idea).status_code == 302
    base = f"/en/commitments/{commitment.process.slug}/{commitment.identifier}/"
    amend = {"form_token": token, "field": "title", "language": "en"}
    response = client.post(base + "amend/", {**amend, "replacement": "New", "reason": "Why"})
    assert response.status_code == 302
    amendment = commitment.amendments.get()
    assert amendment.contribution.kind == "submission"
    assert amendment.contribution.target == commitment


@pytest.mark.django_db
def test_stale_edit_is_told_to_merge(client, forum_member):
    commitment = make_commitment(status="draft")
    client.force_login(forum_member)
    url = f"/en/commitments/{commitment.process.slug}/{commitment.identifier}/staff/edit/"
    data = {
        "title_en": "T",
        "title_fr": "T",
        "description_en": "Mine",
        "base_version": 1,
    }
    services.commitment_edit(
        commitment=commitment,
        editor=forum_member,
        base_version=1,
        data={"description_en": "Theirs"},
    )
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 400 and "Nothing was overwritten" in html
    assert "<del>" in html or "<ins>" in html
    commitment.refresh_from_db()
    assert commitment.description_en == "Theirs"


@pytest.mark.django_db
def test_illegal_transition_message(client, administrator):
    commitment = make_commitment(status="proposed")
    client.force_login(administrator)
    url = f"/fr/commitments/{commitment.process.slug}/{commitment.identifier}/staff/status/"
    response = client.post(url, {"to_status": "completed"})
    assert response.status_code == 400
    assert "ne peut pas passer" in response.content.decode()


@pytest.mark.django_db
def test_only_confirmed_partners_shown(client):
    commitment = make_commitment(status="draft")
    CommitmentActor.objects.create(
        commitment=commitment,
        organisation=OrganisationFactory(name_en="Invited Org"),
        kind="civil_society",
        status="invited",
    )
    CommitmentActor.objects.create(
        commitment=commitment,
        organisation=OrganisationFactory(name_en="Confirmed Org"),
        kind="civil_society",
        status="confirmed",
    )
    html = client.get(commitment.get_absolute_url()).content.decode()
    assert "Confirmed Org" in html and "Invited Org" not in html


def _fill(commitment, versions, milestones, comments, editor):
    for number in range(versions):
        services.commitment_edit(
            commitment=commitment,
            editor=editor,
            base_version=commitment.version_number,
            data={"description_en": f"Text {number}"},
        )
    for _ in range(milestones):
        make_milestone(commitment, ends_on=datetime.date(2019, 1, 1))
    Contribution.objects.bulk_create(
        Contribution(
            process=commitment.process,
            kind="comment",
            target=commitment,
            text=f"Comment {number}",
            moderation_state="published",
        )
        for number in range(comments)
    )


@pytest.mark.django_db
def test_commitment_page_query_count_is_constant(client, forum_member):
    small = make_commitment(identifier="C-01")
    _fill(small, 1, 1, 1, forum_member)
    large = make_commitment(small.process, identifier="C-02")
    _fill(large, 30, 10, 500, forum_member)
    counts = []
    for commitment in (small, large):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(commitment.get_absolute_url()).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


@pytest.mark.django_db
def test_list_and_dashboard_query_counts_are_constant(client, forum_member):
    process = make_commitment(identifier="C-01").process
    urls = [f"/en/commitments/{process.slug}/", f"/en/commitments/{process.slug}/dashboard/"]
    before = []
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        before.append(len(queries))
    for number in range(2, 12):
        commitment = make_commitment(process, identifier=f"C-{number:02d}")
        make_milestone(commitment)
    after = []
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        after.append(len(queries))
    assert before == after


@pytest.mark.django_db
def test_exports_stream_without_personal_data(client, forum_member):
    commitment = make_commitment(status="draft", author=forum_member)
    make_milestone(commitment, description_en="=HYPERLINK(evil)")
    process = commitment.process
    csv_response = client.get(f"/en/commitments/{process.slug}/export/commitments.csv")
    assert csv_response.streaming
    body = b"".join(csv_response.streaming_content).decode()
    assert commitment.identifier in body and forum_member.email not in body
    milestones = b"".join(
        client.get(f"/en/commitments/{process.slug}/export/milestones.csv").streaming_content
    ).decode()
    assert "'=HYPERLINK" in milestones
    import json

    data = json.loads(
        b"".join(
            client.get(f"/en/commitments/{process.slug}/export/commitments.json").streaming_content
        )
    )
    assert data["items"][0]["identifier"] == commitment.identifier


@pytest.mark.django_db
def test_version_compare_bad_input(client):
    commitment = make_commitment()
    base = f"/en/commitments/{commitment.process.slug}/{commitment.identifier}/versions/"
    assert client.get(base + "?from=abc&to=1").status_code == 400
    assert client.get(base + "?from=1&to=99").status_code == 404


@pytest.mark.django_db
def test_list_filters(client):
    from coplan.commitments.models import Commitment, Theme

    first = make_commitment(identifier="C-01", status="draft")
    make_commitment(first.process, identifier="C-02", status="final")
    Commitment.objects.filter(pk=first.pk).update(ogp_values=["civic_participation"])
    theme = Theme.objects.create(slug="open-data", label_en="Open data", label_fr="Données")
    first.themes.add(theme)
    base = f"/en/commitments/{first.process.slug}/"
    for query in ["?status=draft", "?ogp_value=civic_participation", "?theme=open-data"]:
        html = client.get(base + query).content.decode()
        assert "C-01 –" in html and "C-02 –" not in html, query
    assert client.get(base + "?status=<script>").status_code == 200


@pytest.mark.django_db
def test_redacted_amendment_shows_only_the_masked_text(client, forum_member):
    """Moderation masks personal information in the amendment's contribution (its proposal and
    reason together): the public page shows that text, never the proposal as written, and the
    editors deciding on it are told."""
    commitment = make_commitment(status="draft")
    amendment = services.amendment_propose(
        commitment=commitment,
        author=UserFactory(),
        field="title",
        language="en",
        replacement="Ask Jane Roe at 613-555-0199 about it",
        reason="I am Jane Roe, jane.roe@example.com",
    )
    Contribution.objects.filter(pk=amendment.contribution_id).update(
        moderation_state="published",
        redacted_text="Ask [name] at [phone] about it\n\nI am [name], [email]",
    )
    base = f"/en/commitments/{commitment.process.slug}/{commitment.identifier}/"
    for language in ("en", "fr"):
        html = client.get(base.replace("/en/", f"/{language}/")).content.decode()
        assert "Ask [name] at [phone] about it" in html
        assert not any(secret in html for secret in ("Jane", "555-0199", "jane.roe"))
    assert "personal information removed by the moderators" in client.get(base).content.decode()
    client.force_login(forum_member)
    decide = client.get(base + f"staff/amendments/{amendment.pk}/").content.decode()
    assert "Personal information was masked in this proposal" in decide
    assert "Ask [name] at [phone] about it" in decide
    # The editors compare, and accepting applies, the text masked at submission.
    assert "[phone number removed]" in decide and "555-0199" not in decide


@pytest.mark.django_db
def test_version_notes_are_shown_in_the_page_language(client, forum_member):
    """The version history shows each note in the page's language: the site's own notes
    (« Proposé. ») are written in both languages, an editor's note must be given in both (one
    language only is refused with a message on its field, nothing saved)."""
    commitment = make_commitment(status="draft")
    client.force_login(forum_member)
    url = f"/fr/commitments/{commitment.process.slug}/{commitment.identifier}/staff/edit/"
    data = {"title_en": "T", "title_fr": "T", "base_version": 1, "note_en": "Shorter title."}
    response = client.post(url, data)
    assert response.status_code != 302
    assert "Rédigez la note en anglais et en français" in response.content.decode()
    assert commitment.versions.count() == 1
    response = client.post(url, {**data, "note_fr": "Titre raccourci."})
    assert response.status_code == 302 and commitment.versions.count() == 2
    page = commitment.get_absolute_url()
    french = client.get(page.replace("/en/", "/fr/", 1)).content.decode()
    assert "Proposé." in french and "Titre raccourci." in french
    assert "Proposed." not in french and "Shorter title." not in french
    english = client.get(page.replace("/fr/", "/en/", 1)).content.decode()
    assert "Proposed." in english and "Shorter title." in english


@pytest.mark.django_db
def test_process_summary_counts_every_commitment_of_a_status():
    """Two withdrawn and two in implementation read as 2 and 2 (the model's ordering once split
    each status into groups of one in the count)."""
    from coplan.commitments.selectors import process_summary
    from tests.processes.factories import ProcessFactory

    process = ProcessFactory()
    for status in ["withdrawn", "withdrawn", "in_implementation", "in_implementation", "draft"]:
        make_commitment(process, status=status)
    summary = process_summary(process)
    assert summary["total"] == 5
    assert {status: count for status, _label, count in summary["statuses"]} == {
        "draft": 1,
        "in_implementation": 2,
        "withdrawn": 2,
    }


@pytest.mark.django_db
def test_removing_a_source_has_its_own_address(client):
    """The list of sources shows each link with a button posting to that link's own address;
    posting there removes that link only, and a link of another commitment is not found."""
    commitment = make_commitment()
    other = make_commitment(commitment.process)
    analyst = staff_with_role("analyst")
    kept, removed = (
        services.contribution_link(
            contribution=ContributionFactory(process=commitment.process),
            commitment=commitment,
            user=analyst,
            relation="primary",
            response_en="It became this commitment.",
            response_fr="Elle est devenue cet engagement.",
        )
        for _ in range(2)
    )
    client.force_login(analyst)
    base = f"/en/commitments/{commitment.process.slug}/{commitment.identifier}/staff/sources/"
    assert f'action="{base}{removed.pk}/unlink/"' in client.get(base).content.decode()

    response = client.post(f"{base}{removed.pk}/unlink/")

    assert response.status_code == 302 and response["Location"] == base
    assert list(commitment.contribution_links.values_list("pk", flat=True)) == [kept.pk]
    other_base = f"/en/commitments/{other.process.slug}/{other.identifier}/staff/sources/"
    assert client.post(f"{other_base}{kept.pk}/unlink/").status_code == 404
    assert client.get(f"{base}{kept.pk}/unlink/").status_code == 405

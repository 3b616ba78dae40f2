import pytest

from coplan.commitments import services
from coplan.commitments.models import CommitmentActor
from tests.accounts.factories import OrganisationFactory, UserFactory, staff_with_role
from tests.commitments.factories import make_commitment, make_milestone
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

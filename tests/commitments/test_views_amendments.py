import pytest

from coplan.commitments import services
from coplan.contributions.models import Contribution
from tests.accounts.factories import UserFactory
from tests.commitments.factories import make_commitment
from tests.contributions.conftest import form_token


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

"""Canaries: personal values planted through every public path, approved by moderation, never
appear in anything the site publishes."""

from __future__ import annotations

import pytest

from coplan.commitments.models import Amendment
from coplan.moderation.services import contributions_moderate
from tests.accounts.factories import UserFactory
from tests.commitments.factories import make_commitment

from .canary import CANARY_EMAIL, canary_text, hidden_fields, leaks


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

    from coplan.commitments import services

    services.amendment_accept(
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

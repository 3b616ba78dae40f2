"""“Share your thoughts” from any page: the feedback goes to the consultation of the page it was
sent from (else the current one), the person is thanked and sent back; bots, and feedback before
any consultation exists, store nothing."""

from __future__ import annotations

import pytest

from coplan.contributions.forms import new_form_token
from coplan.contributions.models import Contribution
from tests.contributions.factories import ContributionFactory
from tests.processes.factories import ProcessFactory

pytestmark = pytest.mark.django_db

URL = "/en/participate/page-feedback/"


def _post(client, page: str, url: str = URL, **extra):
    data = {
        "feedback-form_token": new_form_token(),
        "feedback-page": page,
        "feedback-useful": "yes",
    }
    return client.post(url, {**data, **extra}, follow=True)


def test_feedback_goes_to_the_consultation_of_its_page(client, process):
    ProcessFactory()  # another active consultation: the page's own still wins
    response = _post(client, f"/fr/processes/{process.slug}/", url="/fr/participate/page-feedback/")
    assert "Merci de vos commentaires." in response.content.decode()
    assert response.redirect_chain[-1][0] == f"/fr/processes/{process.slug}/"
    feedback = Contribution.objects.get()
    assert (feedback.process, feedback.kind, feedback.page_useful) == (
        process,
        "page_feedback",
        True,
    )


def test_feedback_on_a_contribution_s_page_goes_to_its_consultation(client, open_ideas):
    idea = ContributionFactory(opportunity=open_ideas)
    ProcessFactory()
    _post(client, f"/en/participate/ideas/{idea.pk}/")
    assert Contribution.objects.get(kind="page_feedback").process == open_ideas.phase.process


def test_feedback_elsewhere_goes_to_the_current_consultation(client, process):
    _post(client, "/en/about-us/")
    assert Contribution.objects.get().process == process


def test_a_bot_and_feedback_before_any_consultation_store_nothing(client, db):
    assert _post(client, "/en/", **{"feedback-website": "http://spam"}).status_code == 400
    response = _post(client, "/en/")
    assert response.status_code == 400
    assert "Feedback cannot be received before a consultation exists." in response.content.decode()
    assert not Contribution.objects.exists()

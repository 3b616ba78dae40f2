"""What the public views of contributions share: return addresses kept to this site, where a
published contribution is shown, a stale form given a fresh token, and a service's refusal shown
on the form with nothing stored."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from coplan.contributions.forms import IdeaForm, new_form_token
from coplan.contributions.models import Contribution
from coplan.contributions.views.common import (
    public_address,
    renew_stale_token,
    safe_next,
    submit_with_followup,
)
from tests.contributions.factories import ContributionFactory, comment_on

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("candidate", "kept"),
    [
        ("/en/participate/ideas/1/", True),
        ("https://testserver/en/", True),
        ("https://evil.example/", False),
        ("//evil.example/", False),
        ("", False),
        (None, False),
    ],
)
def test_a_return_address_stays_on_this_site(candidate, kept):
    request = RequestFactory().get("/")
    assert safe_next(request, candidate, "/fallback/") == (candidate if kept else "/fallback/")


def test_an_insecure_return_address_is_refused_on_a_secure_page():
    request = RequestFactory().get("/", secure=True)
    assert safe_next(request, "http://testserver/en/", "/fallback/") == "/fallback/"


def test_each_contribution_is_shown_where_the_public_reads_it(open_ideas):
    idea = ContributionFactory(opportunity=open_ideas)
    comment = comment_on(idea)
    assert public_address(idea) == idea.get_absolute_url()
    assert public_address(comment) == f"{idea.get_absolute_url()}#comment-{comment.pk}"
    loose = ContributionFactory(opportunity=open_ideas, kind="submission")
    assert public_address(loose) == "/en/"


def _form(**overrides) -> IdeaForm:
    data = {
        "form_token": new_form_token(),
        "title": "Open contracts",
        "text": "Publish them.",
        "consent_to_publish": "on",
        **overrides,
    }
    form = IdeaForm(data)
    form.is_valid()
    return form


def test_a_stale_form_gets_a_fresh_token_and_a_valid_one_keeps_its_own():
    stale = _form(form_token="forged")
    renew_stale_token(stale)
    assert IdeaForm(stale.data).is_valid()
    valid = _form()
    token = valid.data["form_token"]
    renew_stale_token(valid)
    assert valid.data["form_token"] == token


def test_a_refusal_of_the_service_lands_on_the_form_and_nothing_is_kept(open_ideas):
    form = _form()

    def refuse() -> Contribution:
        ContributionFactory(opportunity=open_ideas)
        raise ValidationError({"text": ["Not this text."]})

    assert submit_with_followup(form, refuse, author=None) is None
    assert form.errors["text"] == ["Not this text."]
    assert not Contribution.objects.exists()
